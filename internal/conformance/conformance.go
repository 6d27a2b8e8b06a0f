// Package conformance locates and reads the conformance cases recorded against AWS
// (../shared/conformance beside the module root) for the tests of every package. It is for
// tests only: its helpers report problems through testing.TB.
package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// maxLine is the longest JSONL line the loaders accept (the recordings hold lines of ~260 KiB).
const maxLine = 8 << 20

// Dir returns the conformance folder beside the repository (../shared/conformance from the
// directory holding go.mod, found by walking up from the working directory), or "" when it is
// absent. It is safe for concurrent use.
func Dir() string { return SharedDir("conformance") }

// SharedDir returns ../shared/<name> beside the module root (the directory holding go.mod,
// found by walking up from the working directory) when it is a directory, else "".
func SharedDir(name string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared", name)
			if st, err := os.Stat(shared); err == nil && st.IsDir() {
				return shared
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns the path of file inside Dir, skipping tb when the conformance folder is absent
// (a fresh clone does not have it) and failing it when the folder is there but file is not.
func Path(tb testing.TB, file string) string {
	tb.Helper()
	dir := Dir()
	if dir == "" {
		tb.Skip("../shared/conformance is absent; conformance cases not available")
	}
	p := filepath.Join(dir, file)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("conformance file: %v", err)
	}
	return p
}

// Each calls fn with the 1-based number and the bytes of every non-blank line of file (a name
// inside Dir, e.g. "errors.jsonl"), in order. raw is only valid during the call. Like Path, it
// skips tb when the folder is absent; read errors fail tb.
func Each(tb testing.TB, file string, fn func(line int, raw []byte)) {
	tb.Helper()
	f, err := os.Open(Path(tb, file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := eachLine(f, fn); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
}

// eachLine calls fn with the 1-based number and bytes of every non-blank line of r.
func eachLine(r io.Reader, fn func(line int, raw []byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		fn(n, sc.Bytes())
	}
	return sc.Err()
}

// LoadJSONL decodes every non-blank line of file (a name inside Dir) as one T, in order. It
// skips tb when the folder is absent and fails it on a line that does not decode.
func LoadJSONL[T any](tb testing.TB, file string) []T {
	tb.Helper()
	var out []T
	Each(tb, file, func(line int, raw []byte) {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			tb.Fatalf("%s:%d: %v", file, line, err)
		}
		out = append(out, v)
	})
	return out
}
