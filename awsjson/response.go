package awsjson

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/uuidtext"
)

// internalFailureMessage is AWS's text for an unexpected server-side failure.
const internalFailureMessage = "The request processing has failed because of an unknown error, exception or failure."

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// decodeBody decodes a JSON request body into v. An empty (or all-whitespace) body is {}.
// Unknown members are ignored. Failures are *decodeError. A v that is a FastDecoder gets the
// first try.
func decodeBody(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || fastDecode(body, v) {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &decodeError{err}
	}
	return nil
}

// newRequestID returns a random (version 4) UUID string.
func newRequestID() string {
	var s [uuidtext.Size]byte
	return string(uuidtext.AppendV4(s[:0], 1))
}

// writeJSON writes status and v (nil → {}) as the response body with the given content type.
// It reports false when v could not be encoded (nothing has been written then).
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) bool {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	if v == nil {
		buf.WriteString("{}")
	} else if b, ok := fastEncode(buf.AvailableBuffer(), v); ok {
		buf.Write(b)
	} else {
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return false
		}
		buf.Truncate(buf.Len() - 1) // Encode's trailing newline
	}
	h := w.Header()
	vals := []string{contentType, strconv.Itoa(buf.Len())} // one allocation for both headers
	h["Content-Type"] = vals[0:1:1]
	h["Content-Length"] = vals[1:2:2]
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return true
}

// jsonError is the body of an AWS JSON error response.
type jsonError struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}

// errorReply is an error about to be sent: code, message and HTTP status.
type errorReply struct {
	code, message string
	status        int
}

func replyFor(e *eventrail.Error) errorReply {
	return errorReply{code: e.Code, message: e.Message, status: e.HTTPStatus()}
}

// writeJSONError writes an AWS JSON error response: the status, X-Amzn-ErrorType, the
// query-compatibility header when legacy is non-empty, and {"__type", "message"}.
func writeJSONError(w http.ResponseWriter, contentType string, e errorReply, legacy string) {
	h := w.Header()
	h["X-Amzn-ErrorType"] = []string{e.code}
	if legacy != "" {
		fault := "Sender"
		if e.status >= 500 {
			fault = "Receiver"
		}
		h["x-amzn-query-error"] = []string{legacy + ";" + fault}
	}
	writeJSON(w, e.status, contentType, jsonError{Type: e.code, Message: e.message})
}
