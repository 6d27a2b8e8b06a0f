package sqsquery

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// maxRecorded bounds what recorder keeps of a body: awsjson's own error bodies are small.
const maxRecorded = 8 << 10

// recorder is the http.ResponseWriter handed to the awsjson edge. What the edge writes is
// never sent: on success the handler has already answered on the real writer; on an early
// failure the recorded JSON error is rewritten as XML. Not safe for concurrent use (one per
// request).
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if room := maxRecorded - r.body.Len(); room > 0 {
		r.body.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}

// requestID returns the x-amzn-RequestId the edge assigned.
func (r *recorder) requestID() string { return r.headerValue("x-amzn-RequestId") }

// jsonError returns the code (X-Amzn-ErrorType) and message of the JSON error the edge wrote.
func (r *recorder) jsonError() (code, message string) {
	var body struct {
		Message  string `json:"Message"`
		Message2 string `json:"message"`
	}
	_ = json.Unmarshal(r.body.Bytes(), &body)
	if body.Message == "" {
		body.Message = body.Message2
	}
	return r.headerValue("X-Amzn-ErrorType"), body.Message
}

// headerValue returns the first value of name, set canonically or (as awsjson does) verbatim.
func (r *recorder) headerValue(name string) string {
	if v := r.header[name]; len(v) > 0 {
		return v[0]
	}
	return r.header.Get(name)
}
