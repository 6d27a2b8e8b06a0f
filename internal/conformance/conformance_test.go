package conformance

import (
	"strconv"
	"strings"
	"testing"
)

func TestEachLineSkipsBlankLinesAndNumbersFromOne(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "line:text"
	}{
		{"empty", "", nil},
		{"one without newline", `{"a":1}`, []string{`1:{"a":1}`}},
		{"blank lines skipped", "{}\n\n  \n{\"b\":2}\n", []string{"1:{}", `4:{"b":2}`}},
		{"crlf stripped", "{}\r\n{}\r\n", []string{"1:{}", "2:{}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := eachLine(strings.NewReader(tt.text), func(line int, raw []byte) {
				got = append(got, strings.Join([]string{strconv.Itoa(line), string(raw)}, ":"))
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEachLineAcceptsLongLines(t *testing.T) {
	long := `{"x":"` + strings.Repeat("a", 2<<20) + `"}`
	n := 0
	if err := eachLine(strings.NewReader(long+"\n"), func(_ int, raw []byte) { n = len(raw) }); err != nil {
		t.Fatal(err)
	}
	if n != len(long) {
		t.Fatalf("read %d bytes, want %d", n, len(long))
	}
}

func TestLoadJSONLDecodesRecordedErrors(t *testing.T) {
	type rec struct {
		ID        string `json:"id"`
		ErrorType string `json:"error_type"`
	}
	recs := LoadJSONL[rec](t, "errors.jsonl") // skips when ../shared is absent
	if len(recs) == 0 {
		t.Fatal("no records")
	}
	for i, r := range recs {
		if r.ID == "" || r.ErrorType == "" {
			t.Fatalf("record %d lacks id or error_type: %+v", i, r)
		}
	}
	if Dir() == "" {
		t.Fatal("Dir is empty although LoadJSONL found the folder")
	}
}
