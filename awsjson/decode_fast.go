package awsjson

// FastDecoder is implemented by operation inputs that can decode their usual request bodies
// without encoding/json (PutEvents'). The edge calls DecodeAWSJSON on a freshly allocated
// input with the non-empty, whitespace-trimmed body. It must either fill the value exactly as
// json.Unmarshal would and report true, or leave it untouched (zero) and report false; the
// edge then decodes with json.Unmarshal, so errors and their messages never depend on the fast
// path. The implementation must not retain body.
type FastDecoder interface {
	DecodeAWSJSON(body []byte) bool
}

// fastDecode tries v's FastDecoder, reporting whether it decoded body.
func fastDecode(body []byte, v any) bool {
	fd, ok := v.(FastDecoder)
	return ok && fd.DecodeAWSJSON(body)
}

// FastEncoder is implemented by operation outputs that can render themselves without
// encoding/json (PutEvents'). AppendAWSJSON appends exactly what encoding/json (with HTML
// escaping off) would produce for the value and reports true, or reports false for a value it
// does not handle, which the edge then encodes with encoding/json.
type FastEncoder interface {
	AppendAWSJSON(dst []byte) ([]byte, bool)
}

// fastEncode tries v's FastEncoder.
func fastEncode(dst []byte, v any) ([]byte, bool) {
	if fe, ok := v.(FastEncoder); ok {
		return fe.AppendAWSJSON(dst)
	}
	return dst, false
}
