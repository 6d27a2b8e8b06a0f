package benchkit

import (
	"encoding/json"
	"os"
	"strings"
)

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// LoadAvg returns the 1-minute load average from /proc/loadavg ("" where unavailable): on a
// shared machine it says how much the figures were disturbed.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
