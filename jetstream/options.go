package jetstream

import "time"

// Options configure Open. The zero value is not usable: set DataDir (embedded) or URL
// (external).
type Options struct {
	// DataDir is where the embedded server keeps its file storage (created if needed). Used
	// only when URL is empty.
	DataDir string
	// Listen, for the embedded server, is "" (in-process only: no TCP port) or a host:port such
	// as "127.0.0.1:4222" on which other processes may connect to it (port 0: any free port;
	// Store.ClientURL tells which). The port has no authentication: bind it to loopback or a
	// private network only.
	Listen string
	// URL of an external NATS server or cluster with JetStream enabled; when set, no server is
	// embedded and DataDir/Listen/SyncInterval are unused. Everything above the connection is
	// the same code.
	URL string
	// Replicas of every stream and KV bucket created (on a cluster); default 1.
	Replicas int
	// SyncInterval, for the embedded server: 0 (the default) fsyncs every write before it is
	// acknowledged, so an accepted write survives power loss; a positive duration fsyncs in the
	// background at that interval instead (faster; a crash of the machine, not just of the
	// process, may lose up to that much).
	SyncInterval time.Duration
	// ServerName names the embedded server (default "eventrail").
	ServerName string
	// ConnectTimeout bounds waiting for the embedded server to start or the external server to
	// answer (default 30 s).
	ConnectTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.ServerName == "" {
		o.ServerName = "eventrail"
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 30 * time.Second
	}
	return o
}
