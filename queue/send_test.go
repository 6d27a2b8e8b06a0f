package queue

import (
	"context"
	"strings"
	"testing"
)

func TestSendMessageValidation(t *testing.T) {
	e := newEnv(t)
	std := e.create("std", map[string]string{"MaximumMessageSize": "1024"})
	fifo := e.create("f.fifo", map[string]string{"FifoQueue": "true"})
	str := func(v string) MessageAttributeValue {
		return MessageAttributeValue{DataType: "String", StringValue: &v}
	}
	tooMany := map[string]MessageAttributeValue{}
	for i := range 11 {
		tooMany[string(rune('a'+i))] = str("v")
	}
	tests := []struct {
		name      string
		in        SendMessageInput
		code, msg string
	}{
		{"no body", SendMessageInput{QueueUrl: std}, CodeMissingParameter, "The request must contain the parameter MessageBody."},
		{"empty body", SendMessageInput{QueueUrl: std, MessageBody: ptr("")}, CodeMissingParameter, "The request must contain the parameter MessageBody."},
		{"bad chars", SendMessageInput{QueueUrl: std, MessageBody: ptr("a\x01b")}, CodeInvalidMessageContents,
			"Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"},
		{"too big", SendMessageInput{QueueUrl: std, MessageBody: ptr(strings.Repeat("x", 1025))}, CodeInvalidParameterValue,
			"One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."},
		{"delay range", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), DelaySeconds: ptr(901)}, CodeInvalidParameterValue,
			"Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."},
		{"dedup on standard", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageDeduplicationId: ptr("d")}, CodeInvalidParameterValue,
			"Value d for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type."},
		{"empty string attr", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageAttributes: map[string]MessageAttributeValue{"ErrorDetails": str("")}},
			CodeInvalidParameterValue, "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."},
		{"too many attrs", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageAttributes: tooMany}, CodeInvalidParameterValue,
			"Number of message attributes [11] exceeds the allowed maximum [10]."},
		{"reserved attr name", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageAttributes: map[string]MessageAttributeValue{"AWS.x": str("v")}},
			CodeInvalidParameterValue, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use."},
		{"bad type", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: "Int", StringValue: ptr("1")}}},
			CodeInvalidParameterValue, "The type of message (user) attribute 'a' is invalid. You must use only the following supported type prefixes: Binary, Number, String."},
		{"bad number", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageAttributes: map[string]MessageAttributeValue{"n": {DataType: "Number", StringValue: ptr("one")}}},
			CodeInvalidParameterValue, "Can't cast the value of message (user) attribute 'n' to a number."},
		{"bad system attr", SendMessageInput{QueueUrl: std, MessageBody: ptr("x"), MessageSystemAttributes: map[string]MessageAttributeValue{"Foo": str("v")}},
			CodeInvalidParameterValue, "Message system attribute name 'Foo' is invalid."},
		{"fifo no group", SendMessageInput{QueueUrl: fifo, MessageBody: ptr("x"), MessageDeduplicationId: ptr("d")}, CodeMissingParameter,
			"The request must contain the parameter MessageGroupId."},
		{"fifo no dedup", SendMessageInput{QueueUrl: fifo, MessageBody: ptr("x"), MessageGroupId: ptr("g")}, CodeInvalidParameterValue,
			"The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
		{"fifo delay", SendMessageInput{QueueUrl: fifo, MessageBody: ptr("x"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d"), DelaySeconds: ptr(2)},
			CodeInvalidParameterValue, "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."},
		{"fifo group spaces", SendMessageInput{QueueUrl: fifo, MessageBody: ptr("x"), MessageGroupId: ptr("group 123"), MessageDeduplicationId: ptr("d")},
			CodeInvalidParameterValue, "Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length."},
		{"fifo dedup too long", SendMessageInput{QueueUrl: fifo, MessageBody: ptr("x"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr(strings.Repeat("a", 129))},
			CodeInvalidParameterValue, "Value " + strings.Repeat("a", 129) + " for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.SendMessage(context.Background(), &tt.in)
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

func TestSendMessageOutput(t *testing.T) {
	e := newEnv(t)
	url := e.create("out", nil)
	v := "foobar"
	out, err := e.svc.SendMessage(context.Background(), &SendMessageInput{QueueUrl: url, MessageBody: ptr("message-1"),
		MessageAttributes: map[string]MessageAttributeValue{"MyAttribute": {DataType: "String", StringValue: &v}}})
	if err != nil {
		t.Fatal(err)
	}
	if out.MD5OfMessageBody != "3d6b824fd8c1520e9a047d21fee6fb1f" || out.MD5OfMessageAttributes != "adb59cd4678ea5a855436b949cd07ab6" ||
		len(out.MessageId) != 36 || out.SequenceNumber != "" {
		t.Fatalf("out = %+v", out)
	}
}

func TestSendMessageBatch(t *testing.T) {
	e := newEnv(t)
	url := e.create("batch", map[string]string{"MaximumMessageSize": "1024"})
	ctx := context.Background()
	out, err := e.svc.SendMessageBatch(ctx, &SendMessageBatchInput{QueueUrl: url, Entries: []SendMessageBatchRequestEntry{
		{Id: "ok", MessageBody: ptr("hello")},
		{Id: "big", MessageBody: ptr(strings.Repeat("x", 1025))},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Successful) != 1 || out.Successful[0].Id != "ok" || out.Successful[0].MD5OfMessageBody != md5Hex("hello") {
		t.Fatalf("successful = %+v", out.Successful)
	}
	want := BatchResultErrorEntry{Id: "big", SenderFault: true, Code: "InvalidParameterValue",
		Message: "One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes."}
	if len(out.Failed) != 1 || out.Failed[0] != want {
		t.Fatalf("failed = %+v", out.Failed)
	}
	entries := func(ids ...string) []SendMessageBatchRequestEntry {
		var es []SendMessageBatchRequestEntry
		for _, id := range ids {
			es = append(es, SendMessageBatchRequestEntry{Id: id, MessageBody: ptr("x")})
		}
		return es
	}
	var twenty []string
	for i := range 20 {
		twenty = append(twenty, "i"+strings.Repeat("x", i))
	}
	huge := strings.Repeat("x", 524289)
	errs := []struct {
		name      string
		entries   []SendMessageBatchRequestEntry
		code, msg string
	}{
		{"empty", nil, CodeEmptyBatchRequest, "There should be at least one SendMessageBatchRequestEntry in the request."},
		{"too many", entries(twenty...), CodeTooManyEntriesInBatchRequest, "Maximum number of entries per request are 10. You have sent 20."},
		{"bad id", entries("a.b"), CodeInvalidBatchEntryId, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."},
		{"repeated", entries("a", "a"), CodeBatchEntryIdsNotDistinct, "Id a repeated."},
		{"too long", []SendMessageBatchRequestEntry{{Id: "a", MessageBody: &huge}, {Id: "b", MessageBody: &huge}}, CodeBatchRequestTooLong,
			"Batch requests cannot be longer than 1048576 bytes. You have sent 1048578 bytes."},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.SendMessageBatch(ctx, &SendMessageBatchInput{QueueUrl: url, Entries: tt.entries})
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

func TestQueryCompatibleCodes(t *testing.T) {
	m := QueryCompatibleCodes()
	for code, legacy := range map[string]string{
		CodeQueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue", CodeQueueNameExists: "QueueAlreadyExists",
		CodeInvalidParameterValue: "InvalidParameterValue", CodeMissingParameter: "MissingParameter",
		CodePurgeQueueInProgress: "AWS.SimpleQueueService.PurgeQueueInProgress",
	} {
		if m[code] != legacy {
			t.Errorf("%s → %q, want %q", code, m[code], legacy)
		}
	}
	m[CodeQueueDoesNotExist] = "changed"
	if QueryCompatibleCodes()[CodeQueueDoesNotExist] == "changed" {
		t.Fatal("QueryCompatibleCodes returned the shared map")
	}
}
