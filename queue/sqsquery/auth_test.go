package sqsquery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/queue"
)

// signedPost sends a Query body signed with aws-sdk-go-v2's signer for (akid, secret, service)
// at time at, and returns the status and body.
func signedPost(t *testing.T, e *env, body, akid, secret, service string, at time.Time) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, nil, Options{Credentials: map[string]string{"AKID": "secret"}})
	const list = "Action=ListQueues&Version=2012-11-05"
	now := time.Now()
	tests := []struct {
		name, akid, secret, service string
		at                          time.Time
		status                      int
		code                        string
	}{
		{"valid", "AKID", "secret", "sqs", now, 200, ""},
		{"wrong secret", "AKID", "nope", "sqs", now, 403, "SignatureDoesNotMatch"},
		{"unknown key", "OTHER", "secret", "sqs", now, 403, "InvalidClientTokenId"},
		{"other service", "AKID", "secret", "sns", now, 403, "SignatureDoesNotMatch"},
		{"expired", "AKID", "secret", "sqs", now.Add(-20 * time.Minute), 400, "RequestExpired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := signedPost(t, e, list, tc.akid, tc.secret, tc.service, tc.at)
			if status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", status, tc.status, body)
			}
			if tc.code == "" {
				if !strings.Contains(body, "<ListQueuesResponse") {
					t.Fatalf("body %s", body)
				}
				return
			}
			if !strings.Contains(body, "<Type>Sender</Type><Code>"+tc.code+"</Code>") {
				t.Fatalf("want code %s, body %s", tc.code, body)
			}
		})
	}
	t.Run("unsigned", func(t *testing.T) {
		status, body := e.post("/", list)
		if status != 403 || !strings.Contains(body, "<Code>MissingAuthenticationToken</Code><Message>Missing Authentication Token</Message>") {
			t.Fatalf("HTTP %d %s", status, body)
		}
	})
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t, nil, Options{MaxBodyBytes: 64})
	status, body := e.post("/", "Action=ListQueues&Version=2012-11-05&QueueNamePrefix="+strings.Repeat("x", 100))
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "<Code>RequestEntityTooLarge</Code>") {
		t.Fatalf("HTTP %d %s", status, body)
	}
}

func TestOtherMethod(t *testing.T) {
	e := newEnv(t, nil, Options{})
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/", strings.NewReader("Action=ListQueues"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(b), "<Code>InvalidAction</Code>") {
		t.Fatalf("HTTP %d %s", resp.StatusCode, b)
	}
}

func TestGETQuery(t *testing.T) {
	e := newEnv(t, nil, Options{})
	resp, err := http.Get(e.srv.URL + "/?Action=CreateQueue&Version=2012-11-05&QueueName=viaget")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "<QueueUrl>"+e.queueURL("viaget")+"</QueueUrl>") {
		t.Fatalf("HTTP %d %s", resp.StatusCode, b)
	}
}

func TestOnRequest(t *testing.T) {
	var mu sync.Mutex
	var infos []awsjson.RequestInfo
	e := newEnv(t, nil, Options{OnRequest: func(i *awsjson.RequestInfo) {
		mu.Lock()
		infos = append(infos, *i)
		mu.Unlock()
	}})
	e.post("/", "Action=CreateQueue&Version=2012-11-05&QueueName=hooked")
	e.post("/", "Action=GetQueueUrl&Version=2012-11-05&QueueName=missing")
	mu.Lock()
	defer mu.Unlock()
	if len(infos) != 2 {
		t.Fatalf("OnRequest called %d times, want 2", len(infos))
	}
	if in, ok := infos[0].Input.(*queue.CreateQueueInput); infos[0].Operation != "CreateQueue" || infos[0].Status != 200 ||
		infos[0].Service != "sqs" || !ok || in.QueueName != "hooked" {
		t.Fatalf("first call reported as %+v", infos[0])
	}
	if infos[1].Operation != "GetQueueUrl" || infos[1].Status != 400 || infos[1].ErrorCode != queue.CodeQueueDoesNotExist {
		t.Fatalf("second call reported as %+v", infos[1])
	}
}

// TestPanicAnswers500 checks that a failure inside the service (here: no service at all) is a
// Query InternalError with status 500, not an empty 200.
func TestPanicAnswers500(t *testing.T) {
	srv := httptest.NewServer(NewHandler(nil, Options{}))
	defer srv.Close()
	resp, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader("Action=CreateQueue&Version=2012-11-05&QueueName=x"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 500 || !strings.Contains(string(b), "<Type>Receiver</Type><Code>InternalError</Code>") {
		t.Fatalf("HTTP %d %s", resp.StatusCode, b)
	}
}

// TestLongPoll checks that WaitTimeSeconds holds an empty receive for about that long and then
// answers an empty ReceiveMessageResult.
func TestLongPoll(t *testing.T) {
	e := newEnv(t, nil, Options{})
	if status, body := e.post("/", "Action=CreateQueue&Version=2012-11-05&QueueName=lp"); status != 200 {
		t.Fatalf("CreateQueue: %d %s", status, body)
	}
	start := time.Now()
	status, body := e.post("/", "Action=ReceiveMessage&Version=2012-11-05&WaitTimeSeconds=1&QueueUrl="+enc(e.queueURL("lp")))
	took := time.Since(start)
	if status != 200 || !strings.Contains(body, "<ReceiveMessageResult></ReceiveMessageResult>") {
		t.Fatalf("HTTP %d %s", status, body)
	}
	if took < 900*time.Millisecond || took > 10*time.Second {
		t.Fatalf("long poll of 1 s took %v", took)
	}
}
