// Package seeds extracts the JSON documents (events, patterns, audit records) embedded in the
// prose of the project's seed files (../shared/seeds), so tests can drive every one of them
// through eventrail. It is for tests only.
package seeds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/eventrail/eventrail/internal/conformance"
)

// Doc is one brace-balanced block of text that starts with '{' at the beginning of a line.
type Doc struct {
	File  string // base name of the seed file
	Line  int    // 1-based line of the opening brace
	Text  string
	Valid bool           // the text is a JSON object
	Value map[string]any // the decoded object when Valid
}

// IsEvent reports whether the document is an EventBridge event envelope.
func (d Doc) IsEvent() bool {
	_, dt := d.Value["detail-type"].(string)
	_, src := d.Value["source"].(string)
	return d.Valid && dt && src
}

// IsPattern reports whether the document is an event pattern (source given as a list).
func (d Doc) IsPattern() bool {
	_, src := d.Value["source"].([]any)
	return d.Valid && src
}

// IsAuditRecord reports whether the document is a CloudTrail-style record of an API call.
func (d Doc) IsAuditRecord() bool {
	_, name := d.Value["eventName"].(string)
	_, src := d.Value["eventSource"].(string)
	return d.Valid && name && src
}

// Dir returns the seeds folder beside the repository (../shared/seeds from the module root),
// or "" when it is absent.
func Dir() string { return conformance.SharedDir("seeds") }

// Load returns every document in every *.txt file of dir, in file and line order.
func Load(dir string) ([]Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var docs []Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, Extract(filepath.Base(f), string(b))...)
	}
	return docs, nil
}

// Extract finds the documents in one file's text: blocks whose first line starts with '{'
// (after spaces) and that end where the braces balance, ignoring braces inside strings.
func Extract(name, text string) []Doc {
	lines := strings.SplitAfter(text, "\n")
	var docs []Doc
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), "{") {
			continue
		}
		block, n := balanced(lines[i:])
		if n == 0 {
			continue
		}
		d := Doc{File: name, Line: i + 1, Text: block}
		if json.Unmarshal([]byte(block), &d.Value) == nil {
			d.Valid = true
		}
		docs = append(docs, d)
		i += n - 1
	}
	return docs
}

// balanced returns the text of lines up to where the braces opened on the first line close,
// and how many lines that took; 0 lines when they never close.
func balanced(lines []string) (string, int) {
	depth, inString, escaped := 0, false, false
	var sb strings.Builder
	for n, line := range lines {
		for j := 0; j < len(line); j++ {
			c := line[j]
			switch {
			case escaped:
				escaped = false
			case inString && c == '\\':
				escaped = true
			case c == '"':
				inString = !inString
			case !inString && c == '{':
				depth++
			case !inString && c == '}':
				depth--
				if depth == 0 {
					sb.WriteString(line[:j+1])
					return sb.String(), n + 1
				}
			}
		}
		sb.WriteString(line)
	}
	return "", 0
}
