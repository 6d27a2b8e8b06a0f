package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

// DefaultListen is where `eventrail serve` listens when told nothing else.
const DefaultListen = "127.0.0.1:4980"

// Config is everything `eventrail serve` can be told, from flags or a JSON config file (flags
// win). Field names are the config file's keys.
type Config struct {
	Listen    string `json:"listen"`
	DataDir   string `json:"data_dir"`
	Region    string `json:"region"`
	AccountID string `json:"account_id"`
	// NATSURL selects an external NATS server or cluster instead of the embedded one.
	NATSURL string `json:"nats_url"`
	// NATSListen lets other processes reach the embedded NATS server (e.g. 127.0.0.1:4222).
	NATSListen string `json:"nats_listen"`
	// Credentials maps access key ids to secrets; when set, every request must be SigV4-signed.
	Credentials map[string]string `json:"credentials"`
	// Insecure allows listening on a non-loopback address without credentials.
	Insecure bool `json:"insecure"`
	// AllowAWSSources: "loopback" (default), "always" or "never" — who may put events whose
	// source starts with "aws.".
	AllowAWSSources string `json:"allow_aws_sources"`
	// MaxPutEventsBytes is PutEvents' total entry size limit (AWS: 1 MiB; 262144 for the old limit).
	MaxPutEventsBytes int `json:"max_put_events_bytes"`
	// MaxPatternLength is the event-pattern length quota (AWS default 2048; at most 4096).
	MaxPatternLength int `json:"max_pattern_length"`
	// BusLogMaxBytes bounds the disk the bus log may use; past it the oldest (long since
	// routed) records are dropped. Records are also dropped after 24 hours.
	BusLogMaxBytes int64 `json:"bus_log_max_bytes"`
	// Functions are the local executables `arn:aws:lambda:<region>:<account>:function:<name>`
	// targets run. They cannot be created over the API.
	Functions map[string]FunctionConfig `json:"functions"`
	// RemoteBuses maps event-bus ARNs of other endpoints to their EventBridge-compatible URL.
	RemoteBuses map[string]RemoteBus `json:"remote_buses"`
	// AllowHTTPDestinations lets API destinations use http:// endpoints (AWS requires https);
	// default true, since self-hosted endpoints are often plain HTTP.
	AllowHTTPDestinations *bool `json:"allow_http_destinations"`
	// GCHeadroomMiB is the least the heap may grow between garbage collections, in MiB
	// (package internal/gcheadroom); 0 leaves the runtime's default. Ignored when the GOGC
	// environment variable is set.
	GCHeadroomMiB int `json:"gc_headroom_mib"`
	// TestClock enables the test-only clock endpoint (/_eventrail/test/clock). Never for production.
	TestClock bool `json:"-"`
}

// FunctionConfig is one local function target.
type FunctionConfig struct {
	Command []string          `json:"command"`
	Env     map[string]string `json:"env"`
	Timeout Duration          `json:"timeout"`
}

// RemoteBus is another EventBridge-compatible endpoint a bus target may point at.
type RemoteBus struct {
	URL             string `json:"url"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	Region          string `json:"region"`
}

// Duration is a time.Duration written as "5s" in the config file.
type Duration time.Duration

// UnmarshalJSON accepts "5s"-style strings or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		*d = Duration(v)
		return err
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("duration must be a string like \"5s\" or a number of seconds")
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

func defaultConfig() Config {
	return Config{
		Listen:            DefaultListen,
		DataDir:           "eventrail-data",
		Region:            "us-east-1",
		AccountID:         "000000000000",
		AllowAWSSources:   "loopback",
		MaxPutEventsBytes: 1 << 20,
		MaxPatternLength:  2048,
		BusLogMaxBytes:    8 << 30,
		GCHeadroomMiB:     64,
	}
}

// parseServeConfig reads `serve`'s flags, loading --config first so flags override it.
func parseServeConfig(args []string) (Config, error) {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	configPath := fs.String("config", "", "JSON config file (flags override it)")
	listen := fs.String("listen", cfg.Listen, "address of the API (host:port)")
	dataDir := fs.String("data-dir", cfg.DataDir, "directory of the embedded store")
	region := fs.String("region", cfg.Region, "region baked into ARNs")
	account := fs.String("account-id", cfg.AccountID, "12-digit account id baked into ARNs")
	natsURL := fs.String("nats-url", "", "use this external NATS server/cluster instead of the embedded one")
	natsListen := fs.String("nats-listen", "", "let other processes reach the embedded NATS server here")
	creds := fs.String("credentials", "", "ACCESS_KEY_ID:SECRET[,ID:SECRET...]: require SigV4 signatures")
	insecure := fs.Bool("insecure", false, "allow a non-loopback listen address without credentials")
	allowAWS := fs.String("allow-aws-sources", cfg.AllowAWSSources, "who may put aws.* sources: loopback, always, never")
	testClock := fs.Bool("test-clock", false, "enable the test-only clock endpoint (tests only)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if *configPath != "" {
		if err := loadConfigFile(*configPath, &cfg); err != nil {
			return cfg, err
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	override := func(name string, dst *string, v string) {
		if set[name] {
			*dst = v
		}
	}
	override("listen", &cfg.Listen, *listen)
	override("data-dir", &cfg.DataDir, *dataDir)
	override("region", &cfg.Region, *region)
	override("account-id", &cfg.AccountID, *account)
	override("nats-url", &cfg.NATSURL, *natsURL)
	override("nats-listen", &cfg.NATSListen, *natsListen)
	override("allow-aws-sources", &cfg.AllowAWSSources, *allowAWS)
	if set["insecure"] {
		cfg.Insecure = *insecure
	}
	cfg.TestClock = *testClock
	if set["credentials"] {
		m, err := parseCredentials(*creds)
		if err != nil {
			return cfg, err
		}
		cfg.Credentials = m
	}
	return cfg, cfg.validate()
}

func loadConfigFile(path string, cfg *Config) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

func parseCredentials(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		id, secret, ok := strings.Cut(strings.TrimSpace(pair), ":")
		if !ok || id == "" || secret == "" {
			return nil, errors.New("--credentials takes ACCESS_KEY_ID:SECRET pairs separated by commas")
		}
		m[id] = secret
	}
	return m, nil
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)
var regionRE = regexp.MustCompile(`^[a-z]+-[a-z]+-[a-z0-9-]+$`)

func (c *Config) validate() error {
	switch {
	case !accountRE.MatchString(c.AccountID):
		return fmt.Errorf("account id %q must be 12 digits", c.AccountID)
	case !regionRE.MatchString(c.Region):
		return fmt.Errorf("region %q is not a region name like us-east-1", c.Region)
	case c.AllowAWSSources != "loopback" && c.AllowAWSSources != "always" && c.AllowAWSSources != "never":
		return fmt.Errorf("allow_aws_sources must be loopback, always or never, not %q", c.AllowAWSSources)
	case c.MaxPatternLength < 1 || c.MaxPatternLength > 4096:
		return fmt.Errorf("max_pattern_length must be 1..4096")
	case c.MaxPutEventsBytes < 1:
		return fmt.Errorf("max_put_events_bytes must be positive")
	case c.BusLogMaxBytes < 64<<20:
		return fmt.Errorf("bus_log_max_bytes must be at least 64 MiB")
	case c.GCHeadroomMiB < 0 || c.GCHeadroomMiB > 1<<16:
		return fmt.Errorf("gc_headroom_mib must be 0..65536")
	}
	for name, f := range c.Functions {
		if len(f.Command) == 0 {
			return fmt.Errorf("function %q: command is empty", name)
		}
	}
	return nil
}
