package pattern

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// Error is the only error type Parse and ParseWithOptions return: an invalid event pattern.
// The server maps it to InvalidEventPatternException with Error() as the message.
type Error struct {
	// Reason is AWS's reason text, e.g. `"int" must be an object or an array`.
	Reason string
	// Line and Column locate the problem in Source as AWS (Jackson) reports it: 1-based, the
	// column counts UTF-16 code units and usually points just past the offending token. Both are
	// 0 when AWS gives no location for this kind of error.
	Line, Column int
	// Source is the pattern text as given.
	Source string

	// repeats is how many times AWS prints the location line (2 for errors inside anything-but
	// lists, where EventBridge wraps its own error and appends the location again).
	repeats int
}

// Error renders the message exactly as AWS does:
//
//	Event pattern is not valid. Reason: <Reason>
//	 at [Source: (String)"<pattern>"; line: L, column: C]
//
// The second line is present only when Line > 0. Patterns longer than 500 UTF-16 code units are
// truncated in it as Jackson truncates them ("...[truncated N chars]").
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("Event pattern is not valid. Reason: ")
	sb.WriteString(e.Reason)
	if e.Line > 0 {
		loc := "\n at " + locationText(e.Source, e.Line, e.Column)
		n := max(e.repeats, 1)
		for i := 0; i < n; i++ {
			sb.WriteString(loc)
		}
	}
	return sb.String()
}

// maxSnippet is how much of the source Jackson shows in a location (in UTF-16 code units).
const maxSnippet = 500

// locationText renders a Jackson location: [Source: (String)"<src>"; line: L, column: C].
func locationText(src string, line, col int) string {
	var sb strings.Builder
	sb.WriteString(`[Source: (String)"`)
	units := utf16.Encode([]rune(src))
	if len(units) > maxSnippet {
		sb.WriteString(string(utf16.Decode(units[:maxSnippet])))
		sb.WriteString(`"[truncated `)
		sb.WriteString(strconv.Itoa(len(units) - maxSnippet))
		sb.WriteString(` chars]`)
	} else {
		sb.WriteString(src)
		sb.WriteString(`"`)
	}
	sb.WriteString("; line: ")
	sb.WriteString(strconv.Itoa(line))
	sb.WriteString(", column: ")
	sb.WriteString(strconv.Itoa(col))
	sb.WriteString("]")
	return sb.String()
}

// plainError is an error without a location (AWS reports some validation failures that way,
// e.g. CIDR and wildcard-complexity errors).
func plainError(src, reason string) *Error {
	return &Error{Reason: reason, Source: src}
}
