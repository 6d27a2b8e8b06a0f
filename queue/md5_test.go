package queue

import "testing"

// Digests recorded from real SQS responses (LocalStack's AWS-validated snapshots of
// tests/aws/services/sqs/test_sqs.snapshot.json) and the SQS developer guide samples.
func TestMD5OfAttributes(t *testing.T) {
	str := func(v string) MessageAttributeValue {
		return MessageAttributeValue{DataType: "String", StringValue: &v}
	}
	num := func(v string) MessageAttributeValue {
		return MessageAttributeValue{DataType: "Number", StringValue: &v}
	}
	tests := []struct {
		name  string
		attrs map[string]MessageAttributeValue
		want  string
	}{
		{"empty", nil, ""},
		{"one string", map[string]MessageAttributeValue{"MyAttribute": str("foobar")}, "adb59cd4678ea5a855436b949cd07ab6"},
		{"Foo", map[string]MessageAttributeValue{"Foo": str("Bar")}, "ae7155c6026991b6d54b11589678bf9c"},
		{"Hello", map[string]MessageAttributeValue{"Hello": str("There")}, "a311262e065454b75da111d535b8dacd"},
		{"two sorted", map[string]MessageAttributeValue{"Hello": str("There"), "General": str("Kenobi")}, "fca026605781cb4126a1e9044df24232"},
		{"dotted name", map[string]MessageAttributeValue{"Hello": str("There"), "Help.Me": str("Me")}, "83fee93c1bcd8b9a5a923ffacdc636c7"},
		{"three", map[string]MessageAttributeValue{"Hello": str("There"), "Help.Me": str("Me"), "General": str("Kenobi")}, "4c360f3fdafd970e05fae2f149d997f5"},
		{"number", map[string]MessageAttributeValue{"timestamp": num("1493147359900")}, "235c5c510d26fb653d073faed50ae77c"},
		{"binary", map[string]MessageAttributeValue{"attr1": {DataType: "Binary",
			BinaryValue: []byte("traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01")}}, "8cbe4db156db8a94db8b801b7addb984"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := md5OfAttributes(tt.attrs); got != tt.want {
				t.Fatalf("md5OfAttributes = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMD5OfBody(t *testing.T) {
	for body, want := range map[string]string{
		"test":      "098f6bcd4621d373cade4e832627b4f6",
		"message-1": "3d6b824fd8c1520e9a047d21fee6fb1f",
		"msg":       "6e2baaf3b97dbeef01c0043275f9a0e7",
	} {
		if got := md5Hex(body); got != want {
			t.Errorf("md5Hex(%q) = %s, want %s", body, got, want)
		}
	}
}
