package sqsquery

import (
	"encoding/xml"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.xml from the handler's answers")

// goldenCase is a sequence of Query form bodies sent in order to a fresh server; every step
// but the last must succeed, and the last answer is compared with testdata/golden/<name>.xml.
// In a step, {{url:NAME}} is the URL of queue NAME and {{receipt}} the last ReceiptHandle
// answered so far. A step "PATH body" starting with "/" is posted to PATH instead of "/".
type goldenCase struct {
	name  string
	steps []string
}

const v = "Version=2012-11-05&"

var goldenCases = []goldenCase{
	{"CreateQueue", []string{v + "Action=CreateQueue&QueueName=q1&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=60&Tag.1.Key=team&Tag.1.Value=a"}},
	{"CreateQueue_AlreadyExists", []string{
		v + "Action=CreateQueue&QueueName=q1",
		v + "Action=CreateQueue&QueueName=q1&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=60"}},
	{"CreateQueue_BadAttribute", []string{v + "Action=CreateQueue&QueueName=q1&Attribute.1.Name=Colour&Attribute.1.Value=red"}},
	{"GetQueueUrl", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=GetQueueUrl&QueueName=q1"}},
	{"GetQueueUrl_NonExistent", []string{v + "Action=GetQueueUrl&QueueName=nope"}},
	{"ListQueues", []string{v + "Action=CreateQueue&QueueName=a1", v + "Action=CreateQueue&QueueName=a2",
		v + "Action=CreateQueue&QueueName=b1", v + "Action=ListQueues&QueueNamePrefix=a"}},
	{"ListQueues_Paged", []string{v + "Action=CreateQueue&QueueName=a1", v + "Action=CreateQueue&QueueName=a2",
		v + "Action=ListQueues&MaxResults=1"}},
	{"ListQueues_Empty", []string{v + "Action=ListQueues"}},
	{"DeleteQueue", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=DeleteQueue&QueueUrl={{url:q1}}"}},
	{"GetQueueAttributes_All", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=x", v + "Action=GetQueueAttributes&QueueUrl={{url:q1}}&AttributeName.1=All"}},
	{"GetQueueAttributes_Some", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=GetQueueAttributes&QueueUrl={{url:q1}}&AttributeName.1=QueueArn&AttributeName.2=DelaySeconds"}},
	{"GetQueueAttributes_Unknown", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=GetQueueAttributes&QueueUrl={{url:q1}}&AttributeName.1=Colour"}},
	{"SetQueueAttributes", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SetQueueAttributes&QueueUrl={{url:q1}}&Attribute.1.Name=DelaySeconds&Attribute.1.Value=9"}},
	{"SendMessage", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=" + enc("a\r\nb <&> é") +
			"&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=red" +
			"&MessageAttribute.2.Name=bin&MessageAttribute.2.Value.DataType=Binary&MessageAttribute.2.Value.BinaryValue=AQID" +
			"&MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String" +
			"&MessageSystemAttribute.1.Value.StringValue=" + enc("Root=1-5759e988-bd862e3fe1be46a994272793")}},
	{"SendMessage_MissingBody", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}"}},
	{"SendMessage_BadBase64", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=x" +
		"&MessageAttribute.1.Name=bin&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=%25%25"}},
	{"SendMessage_BadInteger", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=x&DelaySeconds=soon"}},
	{"SendMessageBatch", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessageBatch&QueueUrl={{url:q1}}" +
		"&SendMessageBatchRequestEntry.1.Id=ok&SendMessageBatchRequestEntry.1.MessageBody=one" +
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Number" +
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=7" +
		"&SendMessageBatchRequestEntry.2.Id=late&SendMessageBatchRequestEntry.2.MessageBody=two&SendMessageBatchRequestEntry.2.DelaySeconds=901"}},
	{"SendMessageBatch_Empty", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessageBatch&QueueUrl={{url:q1}}"}},
	{"ReceiveMessage", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi" +
			"&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=red" +
			"&MessageAttribute.2.Name=bin&MessageAttribute.2.Value.DataType=Binary&MessageAttribute.2.Value.BinaryValue=AQID",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}&AttributeName.1=All&MessageAttributeName.1=All&MaxNumberOfMessages=10"}},
	{"ReceiveMessage_SpecialBody", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=" + enc("a\r\nb\t<&> \"é\" \U0001F600"),
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}"}},
	{"ReceiveMessage_Selected", []string{v + "Action=CreateQueue&QueueName=q1",
		v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi" +
			"&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=red" +
			"&MessageAttribute.2.Name=size&MessageAttribute.2.Value.DataType=Number&MessageAttribute.2.Value.StringValue=3",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}&AttributeName.1=ApproximateReceiveCount&MessageAttributeName.1=size"}},
	{"ReceiveMessage_Empty", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=ReceiveMessage&QueueUrl={{url:q1}}"}},
	{"ReceiveMessage_BadMax", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=ReceiveMessage&QueueUrl={{url:q1}}&MaxNumberOfMessages=11"}},
	{"DeleteMessage", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}", v + "Action=DeleteMessage&QueueUrl={{url:q1}}&ReceiptHandle={{receipt}}"}},
	{"DeleteMessage_BadHandle", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=DeleteMessage&QueueUrl={{url:q1}}&ReceiptHandle=bogus"}},
	{"DeleteMessageBatch", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}", v + "Action=DeleteMessageBatch&QueueUrl={{url:q1}}" +
			"&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle={{receipt}}" +
			"&DeleteMessageBatchRequestEntry.2.Id=b&DeleteMessageBatchRequestEntry.2.ReceiptHandle=bogus"}},
	{"ChangeMessageVisibility", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}",
		v + "Action=ChangeMessageVisibility&QueueUrl={{url:q1}}&ReceiptHandle={{receipt}}&VisibilityTimeout=0",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}&AttributeName.1=ApproximateReceiveCount"}},
	{"ChangeMessageVisibilityBatch", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=SendMessage&QueueUrl={{url:q1}}&MessageBody=hi",
		v + "Action=ReceiveMessage&QueueUrl={{url:q1}}", v + "Action=ChangeMessageVisibilityBatch&QueueUrl={{url:q1}}" +
			"&ChangeMessageVisibilityBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle={{receipt}}" +
			"&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=5" +
			"&ChangeMessageVisibilityBatchRequestEntry.2.Id=b&ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle=bogus" +
			"&ChangeMessageVisibilityBatchRequestEntry.2.VisibilityTimeout=5"}},
	{"PurgeQueue", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=PurgeQueue&QueueUrl={{url:q1}}"}},
	{"PurgeQueue_InProgress", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=PurgeQueue&QueueUrl={{url:q1}}",
		v + "Action=PurgeQueue&QueueUrl={{url:q1}}"}},
	{"TagQueue", []string{v + "Action=CreateQueue&QueueName=q1", v + "Action=TagQueue&QueueUrl={{url:q1}}&Tag.1.Key=a&Tag.1.Value=1&Tag.2.Key=b&Tag.2.Value=2"}},
	{"UntagQueue", []string{v + "Action=CreateQueue&QueueName=q1&Tag.1.Key=a&Tag.1.Value=1", v + "Action=UntagQueue&QueueUrl={{url:q1}}&TagKey.1=a"}},
	{"ListQueueTags", []string{v + "Action=CreateQueue&QueueName=q1&Tag.1.Key=b&Tag.1.Value=2&Tag.2.Key=a&Tag.2.Value=1",
		v + "Action=ListQueueTags&QueueUrl={{url:q1}}"}},
	{"QueueURLPath", []string{v + "Action=CreateQueue&QueueName=q1", "/000000000000/q1 " + v + "Action=GetQueueAttributes&AttributeName.1=QueueArn"}},
	{"MissingAction", []string{v + "QueueName=q1"}},
	{"InvalidAction", []string{v + "Action=AddPermission&Label=x"}},
	{"MalformedBody", []string{v + "Action=ListQueues&QueueNamePrefix=%zz"}},
}

var (
	reRequestID = regexp.MustCompile(`<RequestId>[^<]*</RequestId>`)
	reMessageID = regexp.MustCompile(`<MessageId>[^<]*</MessageId>`)
	reReceipt   = regexp.MustCompile(`<ReceiptHandle>([^<]*)</ReceiptHandle>`)
)

// normalize replaces what differs between runs: request and message ids, receipt handles,
// and the server's address.
func normalize(body, base string) string {
	body = strings.ReplaceAll(body, base, "http://HOST")
	body = reRequestID.ReplaceAllString(body, "<RequestId>REQUEST-ID</RequestId>")
	body = reMessageID.ReplaceAllString(body, "<MessageId>MESSAGE-ID</MessageId>")
	return reReceipt.ReplaceAllString(body, "<ReceiptHandle>RECEIPT-HANDLE</ReceiptHandle>")
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, eventrail.NewFakeClock(t0), Options{})
			var status int
			var body, receipt string
			for i, step := range tc.steps {
				path := "/"
				if strings.HasPrefix(step, "/") {
					path, step, _ = strings.Cut(step, " ")
				}
				step = strings.ReplaceAll(step, "{{receipt}}", enc(receipt))
				for _, m := range regexp.MustCompile(`\{\{url:([^}]*)\}\}`).FindAllStringSubmatch(step, -1) {
					step = strings.ReplaceAll(step, m[0], enc(e.queueURL(m[1])))
				}
				status, body = e.check(path, step)
				if rh := reReceipt.FindStringSubmatch(body); rh != nil {
					receipt = rh[1]
				}
				if i < len(tc.steps)-1 && status != http.StatusOK {
					t.Fatalf("step %d (%s): HTTP %d %s", i, step, status, body)
				}
			}
			compareGolden(t, tc.name, "HTTP "+strconv.Itoa(status)+"\n"+normalize(body, e.srv.URL)+"\n")
		})
	}
}

// check posts body to path and checks what every answer must have: text/xml, well-formed
// XML, and the same request id in the header and the body.
func (e *env) check(path, body string) (int, string) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL+path, "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(body))
	if err != nil {
		e.t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
		e.t.Errorf("Content-Type %q", ct)
	}
	id := resp.Header.Get("x-amzn-RequestId")
	if id == "" || !strings.Contains(string(b), "<RequestId>"+id+"</RequestId>") {
		e.t.Errorf("x-amzn-RequestId %q not the body's: %s", id, b)
	}
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			e.t.Fatalf("malformed XML %q: %v", b, err)
		}
	}
	return resp.StatusCode, string(b)
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".xml")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\ngot:  %s\nwant: %s", name, path, got, want)
	}
}
