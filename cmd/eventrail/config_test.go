package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeConfigFlagsOverrideFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(path, []byte(`{"listen":"127.0.0.1:1","region":"eu-west-1","credentials":{"AK":"SK"},"bus_log_max_bytes":134217728}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseServeConfig([]string{"--config", path, "--listen", "127.0.0.1:2"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:2" || cfg.Region != "eu-west-1" || cfg.Credentials["AK"] != "SK" || cfg.BusLogMaxBytes != 128<<20 || cfg.GCHeadroomMiB != 64 {
		t.Fatalf("config = %+v", cfg)
	}
}

func TestServeConfigRejectsBadValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--account-id", "123"}, "12 digits"},
		{[]string{"--region", "Mars"}, "region"},
		{[]string{"--allow-aws-sources", "sometimes"}, "allow_aws_sources"},
		{[]string{"--credentials", "nocolon"}, "ACCESS_KEY_ID:SECRET"},
	} {
		_, err := parseServeConfig(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseServeConfig(%v) = %v, want an error mentioning %q", tc.args, err, tc.want)
		}
	}
	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(`{"listn":"typo"}`), 0o644)
	if _, err := parseServeConfig([]string{"--config", path}); err == nil || !strings.Contains(err.Error(), "listn") {
		t.Errorf("unknown config key accepted: %v", err)
	}
	os.WriteFile(path, []byte(`{"gc_headroom_mib":-1}`), 0o644)
	if _, err := parseServeConfig([]string{"--config", path}); err == nil || !strings.Contains(err.Error(), "gc_headroom_mib") {
		t.Errorf("negative gc_headroom_mib accepted: %v", err)
	}
}

func TestServeRefusesPublicListenWithoutCredentials(t *testing.T) {
	code := run([]string{"serve", "--listen", "0.0.0.0:0", "--data-dir", t.TempDir()}, nil, &strings.Builder{}, &strings.Builder{})
	if code == 0 {
		t.Fatal("serve on 0.0.0.0 without credentials or --insecure started")
	}
}
