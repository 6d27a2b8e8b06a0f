package transform

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func str(s string) *string { return &s }

const testEnvelope = `{"version":"0","id":"e-1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2026-01-02T03:04:05Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],"detail":{"instance":"i-1","state":"running","count":3,"ok":false,"nothing":null,"tags":["a","b"],"obj":{"k":"v","n":1},"quote":"say \"hi\"","uni":"caf\u00e9"}}`

var testContext = Context{
	RuleName: "r1", RuleArn: "arn:aws:events:us-east-1:123456789012:rule/r1", EventBusName: "default",
	Account: "123456789012", IngestionTime: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC),
}

func transformer(paths map[string]string, tmpl string) *eventrail.Target {
	return &eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:123456789012:q",
		InputTransformer: &eventrail.InputTransformer{InputPathsMap: paths, InputTemplate: tmpl}}
}

var detailPaths = map[string]string{
	"instance": "$.detail.instance", "state": "$.detail.state", "count": "$.detail.count",
	"ok": "$.detail.ok", "nothing": "$.detail.nothing", "tags": "$.detail.tags", "obj": "$.detail.obj",
	"quote": "$.detail.quote", "uni": "$.detail.uni", "missing": "$.detail.missing", "bad": "detail.x",
}

func TestApplyTemplates(t *testing.T) {
	tests := []struct {
		name, tmpl, want string
		drop             bool
	}{
		{"text unquoted sentence", `<instance> is in state <state>`, `i-1 is in state running`, false},
		{"text quoted sentence", `"<instance> is in state <state>"`, `"i-1 is in state running"`, false},
		{"text escaped quotes as written", `"<instance> is in state \"<state>\""`, `"i-1 is in state \"running\""`, false},
		{"text literals", `"<count> <ok> <nothing> <missing>|<bad>"`, `"3 false null |"`, false},
		{"text object and list", `"<obj> <tags>"`, `"{k:v,n:1} [a,b]"`, false},
		{"text raw string value", `"<quote> <uni>"`, `"say "hi" café"`, false},
		{"text not a placeholder", `"a < b and <not valid> <x y>"`, `"a < b and <not valid> <x y>"`, false},
		{"json unquoted values", `{"i": <instance>, "c": <count>, "o": <ok>, "n": <nothing>, "t": <tags>, "obj": <obj>}`,
			`{"i": "i-1", "c": 3, "o": false, "n": null, "t": ["a","b"], "obj": {"k":"v","n":1}}`, false},
		{"json missing unquoted is empty string", `{"m": <missing>, "b": <bad>}`, `{"m": "", "b": ""}`, false},
		{"json quoted", `{"path": "users/<instance>/<count>/<ok>", "m": "<missing>"}`, `{"path": "users/i-1/3/false", "m": ""}`, false},
		{"json quoted escaped string keeps validity", `{"q": <quote>}`, `{"q": "say \"hi\""}`, false},
		{"json quoted string with quotes drops", `{"q": "<quote>"}`, "", true},
		{"json quoted object drops", `{"o": "<obj>"}`, "", true},
		{"json array template", `[<instance>, "x<count>"]`, `["i-1", "x3"]`, false},
		{"lone placeholder is a JSON value", ` <obj> `, ` {"k":"v","n":1} `, false},
		{"lone string placeholder is quoted", `<instance>`, `"i-1"`, false},
		{"invalid JSON object falls back to text", `{<instance>: 1}`, `{i-1: 1}`, false},
		{"predefined strings", `{"arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>", "at": <aws.events.event.ingestion-time>}`,
			`{"arn": "arn:aws:events:us-east-1:123456789012:rule/r1", "name": "r1", "at": "2026-01-02T03:04:06Z"}`, false},
		{"predefined event", `{"e": <aws.events.event>}`,
			`{"e": {"id":"e-1","account":"123456789012","detailType":"EC2 Instance State-change Notification","time":"2026-01-02T03:04:06Z","source":"aws.ec2","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],"version":"0"}}`, false},
		{"predefined event json alone", `<aws.events.event.json>`, testEnvelope, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Compile(transformer(detailPaths, tt.tmpl))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tr.Apply([]byte(testEnvelope), testContext)
			if tt.drop {
				if !errors.Is(err, ErrDrop) {
					t.Fatalf("got %s, %v; want ErrDrop", got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %s (%v)\nwant %s", got, err, tt.want)
			}
		})
	}
}

func TestApplyIngestionTimeFallsBackToEventTime(t *testing.T) {
	tr, err := Compile(transformer(nil, `"<aws.events.event.ingestion-time>"`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tr.Apply([]byte(testEnvelope), Context{})
	if err != nil || string(got) != `"2026-01-02T03:04:05Z"` {
		t.Fatalf("got %s, %v", got, err)
	}
}

func TestApplyKinds(t *testing.T) {
	env := []byte(testEnvelope)
	tests := []struct {
		name   string
		target eventrail.Target
		want   string
		err    error
	}{
		{"none delivers the envelope", eventrail.Target{Id: "a"}, testEnvelope, nil},
		{"constant input", eventrail.Target{Id: "a", Input: str(`{"fixed": [1, 2]}`)}, `{"fixed": [1, 2]}`, nil},
		{"input path object", eventrail.Target{Id: "a", InputPath: str("$.detail.obj")}, `{"k":"v","n":1}`, nil},
		{"input path string", eventrail.Target{Id: "a", InputPath: str("$.detail.state")}, `"running"`, nil},
		{"input path root", eventrail.Target{Id: "a", InputPath: str("$")}, testEnvelope, nil},
		{"input path missing", eventrail.Target{Id: "a", InputPath: str("$.detail.nope")}, "", ErrPathNotFound},
		{"input path unparsable", eventrail.Target{Id: "a", InputPath: str("detail")}, "", ErrPathNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Compile(&tt.target)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tr.Apply(env, testContext)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !errors.Is(err, ErrDrop) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	manyPaths := map[string]string{}
	for i := 0; i < 101; i++ {
		manyPaths["k"+strconv.Itoa(i)] = "$.a"
	}
	tests := []struct {
		name   string
		target eventrail.Target
		code   string
		msg    string
	}{
		{"input and path", eventrail.Target{Id: "t9", Input: str("{}"), InputPath: str("$")}, eventrail.CodeValidation,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t9."},
		{"input and transformer", *withID(transformer(nil, "{}"), "t8", str("1")), eventrail.CodeValidation,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t8."},
		{"undefined placeholder", *transformer(map[string]string{"a": "$.a"}, `{"a": <a>, "b": "<b>"}`), eventrail.CodeValidation,
			"InputTemplate for target t1 contains invalid placeholder b."},
		{"input not JSON", eventrail.Target{Id: "clone_lambda", Input: str("{'db_name': 1}")}, eventrail.CodeValidation,
			`JSON syntax error in input for target clone_lambda: [Source: (String)"{'db_name': 1}"; line: 1, column: 3]`},
		{"input empty", eventrail.Target{Id: "x", Input: str("")}, eventrail.CodeValidation,
			`JSON syntax error in input for target x: [Source: (String)""; line: 1, column: 1]`},
		{"template empty", *transformer(nil, ""), eventrail.CodeValidation,
			"1 validation error detected: Value '' at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"input path too long", eventrail.Target{Id: "x", InputPath: str("$." + strings.Repeat("a", 255))}, eventrail.CodeValidation,
			"1 validation error detected: Value '$." + strings.Repeat("a", 255) + "' at 'targets.1.member.inputPath' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"bad map key", *transformer(map[string]string{"a.b": "$.a"}, "<a.b>"), eventrail.CodeValidation,
			`1 validation error detected: Value '{a.b=$.a}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [A-Za-z0-9\_\-]+]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(&tt.target)
			e, ok := eventrail.AsError(err)
			if !ok || e.Code != tt.code || e.Message != tt.msg {
				t.Fatalf("err = %v\nwant %s: %s", err, tt.code, tt.msg)
			}
		})
	}
	_, err := Compile(transformer(manyPaths, "{}"))
	if e, ok := eventrail.AsError(err); !ok || !strings.HasSuffix(e.Message, "failed to satisfy constraint: Member must have length less than or equal to 100") {
		t.Fatalf("101 paths: %v", err)
	}
}

func withID(t *eventrail.Target, id string, input *string) *eventrail.Target {
	t.Id, t.Input = id, input
	return t
}

func TestCompileAtPosition(t *testing.T) {
	_, err := CompileAt(transformer(nil, ""), 3)
	if err == nil || !strings.Contains(err.Error(), "'targets.3.member.inputTransformer.inputTemplate'") {
		t.Fatalf("err = %v", err)
	}
}

func TestTransformerConcurrentUse(t *testing.T) {
	tr, err := Compile(transformer(detailPaths, `{"i": <instance>, "e": <aws.events.event>}`))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := tr.Apply([]byte(testEnvelope), testContext)
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			var bad string
			for i := 0; i < 200; i++ {
				got, err := tr.Apply([]byte(testEnvelope), testContext)
				if err != nil || string(got) != string(want) {
					bad = string(got)
				}
			}
			done <- bad
		}()
	}
	for g := 0; g < 8; g++ {
		if bad := <-done; bad != "" {
			t.Fatalf("concurrent Apply diverged: %s", bad)
		}
	}
}
