package sqsquery

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/eventrail/eventrail/queue"
)

func mustForm(t *testing.T, body string) form {
	t.Helper()
	f, err := parseForm(nil, []byte(body))
	if err != nil {
		t.Fatalf("parseForm(%q): %v", body, err)
	}
	return f
}

func TestFormList(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"AttributeName.1=All", []string{"All"}},
		{"AttributeName.2=b&AttributeName.1=a&AttributeName.10=c", []string{"a", "b", "c"}},
		{"AttributeName.member.1=x", []string{"x"}},
		{"AttributeName.0=x&AttributeName.-1=y&AttributeName.a=z&AttributeName.+1=w", nil},
		{"Other.1=x", nil},
	}
	for _, tc := range tests {
		if got := mustForm(t, tc.body).list("AttributeName"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("list(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

func TestFormStringMap(t *testing.T) {
	tests := []struct {
		body string
		want map[string]string
	}{
		{"Attribute.1.Name=DelaySeconds&Attribute.1.Value=5&Attribute.2.Name=Policy&Attribute.2.Value=", map[string]string{"DelaySeconds": "5", "Policy": ""}},
		{"Attribute.1.Value=orphan", nil},
		{"", nil},
	}
	for _, tc := range tests {
		if got := mustForm(t, tc.body).stringMap("Attribute", "Name", "Value"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("stringMap(%q) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestParseFormPrecedence(t *testing.T) {
	f, err := parseForm(url.Values{"Action": {"ListQueues"}, "QueueNamePrefix": {"fromURL"}}, []byte("QueueNamePrefix=fromBody&QueueNamePrefix=second"))
	if err != nil {
		t.Fatal(err)
	}
	if f["Action"] != "ListQueues" || f["QueueNamePrefix"] != "fromBody" {
		t.Fatalf("form = %v", f)
	}
}

func TestDecodeSendMessageBatch(t *testing.T) {
	f := mustForm(t, "QueueUrl=u&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two"+
		"&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one&SendMessageBatchRequestEntry.1.DelaySeconds=3"+
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Binary"+
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue=AQID"+
		"&SendMessageBatchRequestEntry.1.MessageGroupId=g")
	in, err := decodeSendMessageBatch(f)
	if err != nil {
		t.Fatal(err)
	}
	one, three, g := "one", 3, "g"
	two := "two"
	want := &queue.SendMessageBatchInput{QueueUrl: "u", Entries: []queue.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: &one, DelaySeconds: &three, MessageGroupId: &g,
			MessageAttributes: map[string]queue.MessageAttributeValue{"k": {DataType: "Binary", BinaryValue: []byte{1, 2, 3}}}},
		{Id: "b", MessageBody: &two},
	}}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("decoded %+v\nwant    %+v", in, want)
	}
}

func TestDecodeChangeMessageVisibilityBatch(t *testing.T) {
	f := mustForm(t, "QueueUrl=u&ChangeMessageVisibilityBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=r"+
		"&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=x")
	if _, err := decodeChangeMessageVisibilityBatch(f); err == nil {
		t.Fatal("a non-integer VisibilityTimeout decoded without error")
	}
}

// FuzzParseForm feeds arbitrary bodies to the form parser and every action's decoder: they
// may reject the input, but never panic.
func FuzzParseForm(f *testing.F) {
	seeds := []string{
		"Action=SendMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Fx%2F1%2Fq&MessageBody=hi&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=x",
		"Action=SendMessageBatch&SendMessageBatchRequestEntry.1.Id=1&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.1.DelaySeconds=2",
		"Action=ReceiveMessage&AttributeName.1=All&MessageAttributeName.1=All&MaxNumberOfMessages=10",
		"Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=1&Tag.1.Key=a&Tag.1.Value=b",
		"MessageAttribute.1.Name=b&MessageAttribute.1.Value.BinaryValue=%%%&MessageAttribute.1.Value.BinaryListValue.1=AQ==",
		"Attribute.99999999999999999999.Name=x&AttributeName.1.=y&.1=z&=&&",
		"DeleteMessageBatchRequestEntry.1.Id=a&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=-1",
		"a;b=c",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fm, err := parseForm(url.Values{"Action": {"x"}}, []byte(body))
		if err != nil {
			return
		}
		for _, a := range actions {
			in, err := a.decode(fm)
			if err == nil && reflect.ValueOf(in).IsNil() {
				t.Fatalf("decoder returned neither input nor error for %q", body)
			}
		}
	})
}
