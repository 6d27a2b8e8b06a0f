package awsjson

import "fmt"

// ListenGuard refuses to serve an unauthenticated API beyond this machine: it returns an
// error when addr is not a loopback address (see IsLoopbackAddr; ":4010" listens on every
// interface) while no credentials are configured, unless insecure is set.
func ListenGuard(addr string, credentialsConfigured, insecure bool) error {
	if credentialsConfigured || insecure || IsLoopbackAddr(addr) {
		return nil
	}
	return fmt.Errorf("refusing to listen on %q without credentials: anyone who can reach that address could call the API "+
		"unauthenticated; configure SigV4 credentials, listen on a loopback address such as 127.0.0.1, or explicitly allow insecure access", addr)
}
