package transform

import (
	"testing"
)

// seed003Envelope is the CreateTags audit record of seed 003 as a delivered envelope.
const seed003Envelope = `{"version":"0","id":"6f4f2e1a-0000-4000-8000-000000000003","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","account":"111111111111","time":"2021-08-30T11:00:23Z","region":"ap-northeast-1","resources":[],"detail":{
    "eventSource": "ec2.amazonaws.com", "eventName": "CreateTags",
    "requestParameters": {
        "resourcesSet": { "items": [ { "resourceId": "ami-02c4da7fce6a06413" } ] },
        "tagSet": { "items": [ {"key": "cm-Task", "value": "iwasa ami backup"}, {"key": "deprecation", "value": "hoge"} ] }
    },
    "responseElements": {"requestId": "6cf6471f", "_return": true},
    "weird keys": {"a.b": 1, "x\"y": 2, "n": null}, "dup": 1, "dup": 2
}}`

func TestPathSelect(t *testing.T) {
	tests := []struct {
		path string
		want string // "" = selects nothing
	}{
		{"$.detail.requestParameters.resourcesSet.items[0].resourceId", `"ami-02c4da7fce6a06413"`},
		{"$.detail.requestParameters.tagSet.items[1].value", `"hoge"`},
		{"$.detail.requestParameters.tagSet.items[-1].key", `"deprecation"`},
		{"$.detail.requestParameters.tagSet.items[2].key", ""},
		{"$.detail.requestParameters.tagSet.items[-3].key", ""},
		{"$.detail.responseElements._return", `true`},
		{"$.detail.responseElements", `{"requestId": "6cf6471f", "_return": true}`},
		{"$['detail']['weird keys']['a.b']", `1`},
		{`$.detail["weird keys"].n`, `null`},
		{"$.detail.dup", `2`},
		{"$.detail-type", `"AWS API Call via CloudTrail"`},
		{"$.resources", `[]`},
		{"$.resources[0]", ""},
		{"$.detail.missing", ""},
		{"$.detail.eventName.more", ""},
		{"$.detail.requestParameters.tagSet.items[*].key", `["cm-Task","deprecation"]`},
		{"$.detail.requestParameters.tagSet.items.*.value", `["iwasa ami backup","hoge"]`},
		{"$.detail.requestParameters.*.items[0].key", `["cm-Task"]`},
		{"$.detail.nothing[*]", `[]`},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.path)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", tt.path, err)
		}
		got, ok := p.Select([]byte(seed003Envelope))
		if tt.want == "" {
			if ok {
				t.Errorf("%s selected %s, want nothing", tt.path, got)
			}
			continue
		}
		if !ok || string(got) != tt.want {
			t.Errorf("%s = %s (%v), want %s", tt.path, got, ok, tt.want)
		}
	}
}

func TestPathWholeDocument(t *testing.T) {
	p, err := ParsePath("$")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := p.Select([]byte(` {"a":1}`))
	if !ok || string(got) != `{"a":1}` {
		t.Fatalf("$ = %s, %v", got, ok)
	}
}

func TestParsePathInvalid(t *testing.T) {
	for _, s := range []string{"", "detail", "$.", "$..a", "$.a.", "$[", "$[0", "$['a'", "$['a'x]", "$[x]", "$[+1]", "$a", "$.a b", "$.a]"} {
		if _, err := ParsePath(s); err == nil {
			t.Errorf("ParsePath(%q) accepted", s)
		}
	}
}
