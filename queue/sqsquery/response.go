package sqsquery

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
)

// xmlNamespace is the namespace of every SQS 2012-11-05 Query response.
const xmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

const xmlHeader = `<?xml version="1.0"?>`

// writeResult answers a successful action: <OpResponse xmlns=…>[result]<ResponseMetadata>…
// result is one of the *…Result types of render.go, or nil for actions without output.
// It reports false when result could not be encoded (nothing has been written then).
func writeResult(w http.ResponseWriter, op, requestID string, result any) bool {
	var buf bytes.Buffer
	buf.WriteString(xmlHeader + "<" + op + `Response xmlns="` + xmlNamespace + `">`)
	if result != nil {
		if err := xml.NewEncoder(&buf).Encode(result); err != nil {
			return false
		}
	}
	buf.WriteString("<ResponseMetadata><RequestId>")
	_ = xml.EscapeText(&buf, []byte(requestID))
	buf.WriteString("</RequestId></ResponseMetadata></" + op + "Response>")
	writeXML(w, http.StatusOK, requestID, buf.Bytes())
	return true
}

// writeError answers with an ErrorResponse and e's status.
func writeError(w http.ResponseWriter, requestID string, e queryError) {
	var buf bytes.Buffer
	buf.WriteString(xmlHeader + `<ErrorResponse xmlns="` + xmlNamespace + `"><Error><Type>` + e.fault() + "</Type><Code>")
	_ = xml.EscapeText(&buf, []byte(e.code))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(e.message))
	buf.WriteString("</Message><Detail/></Error><RequestId>")
	_ = xml.EscapeText(&buf, []byte(requestID))
	buf.WriteString("</RequestId></ErrorResponse>")
	writeXML(w, e.status, requestID, buf.Bytes())
}

func writeXML(w http.ResponseWriter, status int, requestID string, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"text/xml"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	h["x-amzn-RequestId"] = []string{requestID}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
