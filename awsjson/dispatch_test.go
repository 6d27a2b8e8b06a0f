package awsjson

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestEchoSuccess(t *testing.T) {
	rec := &recorder{}
	srv := newServer(t, Options{OnRequest: rec.record, Region: "eu-west-1"})
	for _, target := range []string{"AWSEvents.Echo", "AWSEvents.FastEcho"} {
		rp := post(t, srv.URL, target, `{"Name":"bus-1","Count":3,"Tags":["a","b"],"Unknown":{"deep":[1,2]}}`)
		if rp.status != 200 {
			t.Fatalf("%s: status %d body %s", target, rp.status, rp.body)
		}
		if ct := rp.header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
			t.Errorf("Content-Type = %q", ct)
		}
		id := rp.header.Get("X-Amzn-RequestId")
		if !uuidRE.MatchString(id) {
			t.Errorf("request id %q is not a uuid", id)
		}
		if rp.json["Name"] != "bus-1" || rp.json["Count"] != float64(3) || rp.json["RequestId"] != id {
			t.Errorf("body = %s (request id %s)", rp.body, id)
		}
		if rp.json["Loopback"] != true || rp.json["Signed"] != false || rp.json["Region"] != "eu-west-1" {
			t.Errorf("caller in context wrong: %s", rp.body)
		}
		info := rec.last(t)
		if info.Operation != target[len("AWSEvents."):] || info.Service != "events" || info.Status != 200 ||
			info.RequestID != id || info.ErrorCode != "" || !info.Caller.Loopback || info.Duration <= 0 {
			t.Errorf("OnRequest info = %+v", info)
		}
		if in, ok := info.Input.(*echoIn); !ok || in.Name != "bus-1" {
			t.Errorf("OnRequest Input = %#v", info.Input)
		}
		if out, ok := info.Output.(*echoOut); !ok || out.Count != 3 {
			t.Errorf("OnRequest Output = %#v", info.Output)
		}
	}
}

func TestBodiesAndOutputs(t *testing.T) {
	srv := newServer(t, Options{})
	cases := []struct {
		name, target, body, want string
	}{
		{"empty body is {}", "AWSEvents.Echo", "", `{"RequestId":"*","Signed":false,"Loopback":true}`},
		{"whitespace body is {}", "AWSEvents.Nil", " \n ", `{}`},
		{"null body", "AWSEvents.Nil", "null", `{}`},
		{"nil output is {}", "AWSEvents.Nil", "{}", `{}`},
		{"no HTML escaping", "AWSEvents.Html", "{}", `{"RequestId":"","Signed":false,"Loopback":false,"Html":"<a&b>"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp := post(t, srv.URL, c.target, c.body)
			if rp.status != 200 {
				t.Fatalf("status %d body %s", rp.status, rp.body)
			}
			got := string(rp.body)
			if strings.Contains(c.want, `"*"`) {
				got = strings.Replace(got, rp.header.Get("X-Amzn-RequestId"), "*", 1)
			}
			if got != c.want {
				t.Errorf("body = %s, want %s", got, c.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	rec := &recorder{}
	srv := newServer(t, Options{OnRequest: rec.record})
	cases := []struct {
		name, target, body string
		status             int
		code, message      string
	}{
		{"not found", "AWSEvents.Fail", `{"Code":"ResourceNotFoundException","Reason":"Event bus nope does not exist."}`,
			400, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"validation", "AWSEvents.Fail", `{"Code":"ValidationException","Reason":"1 validation error detected: x"}`,
			400, "ValidationException", "1 validation error detected: x"},
		{"throttled 400", "AWSEvents.Fail", `{"Code":"ThrottlingException","Reason":"Rate exceeded"}`,
			400, "ThrottlingException", "Rate exceeded"},
		{"unavailable 503", "AWSEvents.Fail", `{"Code":"ServiceUnavailableException","Reason":"busy"}`,
			503, "ServiceUnavailableException", "busy"},
		{"plain error is internal", "AWSEvents.Boom", `{}`, 500, "InternalException", internalFailureMessage},
		{"panic is internal", "AWSEvents.Panic", `{}`, 500, "InternalException", internalFailureMessage},
		{"unencodable output is internal", "AWSEvents.BadOut", `{}`, 500, "InternalException", internalFailureMessage},
		{"sqs internal is InternalFailure", "AmazonSQS.Boom", `{}`, 500, "InternalFailure", internalFailureMessage},
		{"unknown operation", "AWSEvents.Nope", `{}`, 400, "UnknownOperationException", ""},
		{"unknown prefix", "AWSNothing.Echo", `{}`, 400, "UnknownOperationException", ""},
		{"target without dot", "Echo", `{}`, 400, "UnknownOperationException", ""},
		{"malformed json", "AWSEvents.Echo", `{"Name":`, 400, "SerializationException", ""},
		{"not an object", "AWSEvents.Echo", `[1,2]`, 400, "SerializationException", "Start of list found where not expected"},
		{"string for int", "AWSEvents.Echo", `{"Count":"3"}`, 400, "SerializationException", "STRING_VALUE can not be converted to an Integer"},
		{"object for string", "AWSEvents.Echo", `{"Name":{}}`, 400, "SerializationException", "Start of structure or map found where not expected."},
		{"number for string", "AWSEvents.Echo", `{"Name":5}`, 400, "SerializationException", "NUMBER_VALUE can not be converted to a String"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp := post(t, srv.URL, c.target, c.body)
			checkError(t, rp, c.status, c.code, c.message)
			if strings.Contains(string(rp.body), "disk on fire") || strings.Contains(string(rp.body), "handler bug") {
				t.Errorf("internal details leaked: %s", rp.body)
			}
			if strings.HasPrefix(c.target, "AWSEvents.") && rp.header.Get("X-Amzn-Query-Error") != "" {
				t.Errorf("query error header on a JSON 1.1 service")
			}
			info := rec.last(t)
			if info.Status != c.status || info.ErrorCode != c.code || info.ErrorMessage != c.message {
				t.Errorf("OnRequest = status %d code %q message %q", info.Status, info.ErrorCode, info.ErrorMessage)
			}
		})
	}
	for _, want := range []string{"disk on fire", "handler bug", "runtime/debug.Stack"} {
		if !strings.Contains(testLog.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	// The server survived the panic.
	if rp := post(t, srv.URL, "AWSEvents.Echo", `{}`); rp.status != 200 {
		t.Fatalf("server unhealthy after panic: %d", rp.status)
	}
}

func TestQueryCompatibleErrors(t *testing.T) {
	srv := newServer(t, Options{})
	cases := []struct {
		body, code, status, header string
	}{
		{`{"Code":"QueueDoesNotExist","Reason":"The specified queue does not exist."}`, "QueueDoesNotExist", "400",
			"AWS.SimpleQueueService.NonExistentQueue;Sender"},
		{`{"Code":"InvalidAddress","Reason":"x"}`, "InvalidAddress", "400", "InvalidAddress;Sender"},
		{`{"Code":"InternalFailure","Reason":"x"}`, "InternalFailure", "500", "InternalFailure;Receiver"},
	}
	for _, c := range cases {
		rp := post(t, srv.URL, "AmazonSQS.Fail", c.body)
		if got := rp.header.Get("X-Amzn-Query-Error"); got != c.header {
			t.Errorf("%s: x-amzn-query-error = %q, want %q", c.code, got, c.header)
		}
		if rp.json["__type"] != c.code || rp.header.Get("Content-Type") != "application/x-amz-json-1.0" {
			t.Errorf("%s: body %s content type %q", c.code, rp.body, rp.header.Get("Content-Type"))
		}
	}
	rp := post(t, srv.URL, "AmazonSQS.Echo", `{"Name":"q"}`)
	if rp.status != 200 || rp.header.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("SQS echo: %d %q", rp.status, rp.header.Get("Content-Type"))
	}
}

func TestMethodAndSize(t *testing.T) {
	srv := newServer(t, Options{MaxBodyBytes: 64})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.Header.Set("X-Amz-Target", "AWSEvents.Echo")
	checkError(t, do(t, req), 404, "UnknownOperationException", "")

	big := `{"Name":"` + strings.Repeat("x", 100) + `"}`
	checkError(t, post(t, srv.URL, "AWSEvents.Echo", big), 413, "RequestEntityTooLargeException", "Request must be smaller than 64 bytes.")

	// Without Content-Length (chunked) the limit still holds.
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/", io.MultiReader(strings.NewReader(big)))
	req.Header.Set("X-Amz-Target", "AWSEvents.Echo")
	checkError(t, do(t, req), 413, "RequestEntityTooLargeException", "Request must be smaller than 64 bytes.")

	if rp := post(t, srv.URL, "AWSEvents.Echo", `{"Name":"ok"}`); rp.status != 200 {
		t.Errorf("small body refused: %d", rp.status)
	}
}

func TestTooLargeOverride(t *testing.T) {
	ev, _ := toyServices()
	ev.TooLarge = func(op string) *eventrail.Error {
		if op == "Echo" {
			return eventrail.Errorf(eventrail.CodeValidation, "Total size of the entries in the request is over the limit.")
		}
		return nil
	}
	srv := newServer(t, Options{Services: []*Service{ev}, MaxBodyBytes: 16})
	big := `{"Name":"` + strings.Repeat("x", 32) + `"}`
	checkError(t, post(t, srv.URL, "AWSEvents.Echo", big), 400, "ValidationException", "Total size of the entries in the request is over the limit.")
	checkError(t, post(t, srv.URL, "AWSEvents.FastEcho", big), 413, "RequestEntityTooLargeException", "Request must be smaller than 16 bytes.")
}

func TestRoutingWithoutTarget(t *testing.T) {
	fallback := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Fallback", "yes")
		w.WriteHeader(http.StatusTeapot)
	})
	srv := newServer(t, Options{Fallback: fallback})
	send := func(method, path, auth, contentType, body string) reply {
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return do(t, req)
	}
	sqsAuth := "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00"
	// Console / metrics → fallback.
	if rp := send("GET", "/metrics", "", "", ""); rp.status != http.StatusTeapot || rp.header.Get("X-Fallback") != "yes" {
		t.Errorf("GET /metrics: %d", rp.status)
	}
	// JSON call with an SQS scope but no target → SQS's UnknownOperationException, JSON 1.0.
	rp := send("POST", "/", sqsAuth, "application/x-amz-json-1.0", "{}")
	checkError(t, rp, 400, "UnknownOperationException", "")
	if rp.header.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("content type %q", rp.header.Get("Content-Type"))
	}
	// Query protocol (form with Action=) is not a JSON call → fallback.
	if rp := send("POST", "/", sqsAuth, "application/x-www-form-urlencoded", "Action=ListQueues"); rp.status != http.StatusTeapot {
		t.Errorf("Query-protocol call: %d", rp.status)
	}
	// Unknown scope service → fallback.
	other := strings.Replace(sqsAuth, "/sqs/", "/sns/", 1)
	if rp := send("POST", "/", other, "", "{}"); rp.status != http.StatusTeapot {
		t.Errorf("sns scope: %d", rp.status)
	}

	noFallback := newServer(t, Options{})
	req, _ := http.NewRequest("GET", noFallback.URL+"/anything", nil)
	checkError(t, do(t, req), 404, "UnknownOperationException", "")
}

func TestNewHandlerValidation(t *testing.T) {
	ev, _ := toyServices()
	bad := []Options{
		{Services: []*Service{{TargetPrefix: "", SigningName: "x"}}},
		{Services: []*Service{{TargetPrefix: "X", SigningName: ""}}},
		{Services: []*Service{ev, ev}},
		{REST: []RESTRoute{{Method: "GET", Pattern: "nope", SigningName: "s", Handler: restEcho}}},
		{REST: []RESTRoute{{Method: "GET", Pattern: "/a/{X+}/b", SigningName: "s", Handler: restEcho}}},
	}
	for i, o := range bad {
		if _, err := NewHandler(o); err == nil {
			t.Errorf("case %d: NewHandler accepted %+v", i, o)
		}
	}
}

func TestRegisterRejectsBadSignatures(t *testing.T) {
	for _, fn := range []any{
		nil, 42, func() {},
		func(*echoIn) (*echoOut, error) { return nil, nil },
		func(eventrail.Clock, *echoIn) (*echoOut, error) { return nil, nil },
		func(ctxT, echoIn) (*echoOut, error) { return nil, nil },
		func(ctxT, *echoIn) (echoOut, error) { return echoOut{}, nil },
		func(ctxT, *echoIn) (*echoOut, string) { return nil, "" },
		func(ctxT, *int) (*echoOut, error) { return nil, nil },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register accepted %T", fn)
				}
			}()
			(&Service{TargetPrefix: "X"}).Register("Op", fn)
		}()
	}
}
