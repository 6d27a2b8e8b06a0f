package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestPatternCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pat := write("p.json", `{"source":["aws.ec2"],"detail":{"State":["available"]}}`)
	match := write("match.json", `{"source":"aws.ec2","detail":{"State":"available"}}`)
	miss := write("miss.json", `{"source":"aws.ec2","detail":{"State":"failed"}}`)
	bad := write("bad.json", `{"source":"aws.ec2"`)
	invalid := write("invalid.json", `{"source":"aws.ec2"}`)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"match", []string{"test-pattern", "-pattern", pat, "-event", match}, 0, ""},
		{"no match says why", []string{"test-pattern", "-pattern", pat, "-event", miss}, 1, "failed"},
		{"event not JSON", []string{"test-pattern", "-pattern", pat, "-event", bad}, 2, "event"},
		{"invalid pattern", []string{"test-pattern", "-pattern", invalid, "-event", match}, 2, "Event pattern is not valid. Reason: \"source\" must be an object or an array"},
		{"missing flags", []string{"test-pattern"}, 2, "needs -pattern"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut strings.Builder
			code := run(tc.args, strings.NewReader(""), &out, &errOut)
			if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.contains) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant text %q", code, tc.code, out.String(), errOut.String(), tc.contains)
			}
		})
	}
}
