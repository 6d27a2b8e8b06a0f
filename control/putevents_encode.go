package control

import "strconv"

// AppendAWSJSON appends the response as encoding/json renders it (the edge's fast path; see
// awsjson.FastEncoder). It reports false, leaving the rendering to encoding/json, for a nil
// Entries list or a string that would need escaping.
func (o *PutEventsOutput) AppendAWSJSON(dst []byte) ([]byte, bool) {
	if o.Entries == nil {
		return dst, false
	}
	dst = append(dst, `{"FailedEntryCount":`...)
	dst = strconv.AppendInt(dst, int64(o.FailedEntryCount), 10)
	dst = append(dst, `,"Entries":[`...)
	for i := range o.Entries {
		if i > 0 {
			dst = append(dst, ',')
		}
		r := &o.Entries[i]
		if r.ErrorCode == "" && r.ErrorMessage == "" && r.EventId != "" { // a success: the usual result
			if !plainJSONText(r.EventId) {
				return dst, false
			}
			dst = append(dst, `{"EventId":"`...)
			dst = append(dst, r.EventId...)
			dst = append(dst, `"}`...)
			continue
		}
		dst = append(dst, '{')
		sep := false
		for _, f := range [...]struct{ key, val string }{{`"EventId":`, r.EventId}, {`"ErrorCode":`, r.ErrorCode}, {`"ErrorMessage":`, r.ErrorMessage}} {
			if f.val == "" {
				continue
			}
			if !plainJSONText(f.val) {
				return dst, false
			}
			if sep {
				dst = append(dst, ',')
			}
			dst = append(dst, f.key...)
			dst = append(dst, '"')
			dst = append(dst, f.val...)
			dst = append(dst, '"')
			sep = true
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}"...), true
}

// plainJSONText reports whether s is printable ASCII that JSON strings carry unescaped.
func plainJSONText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
