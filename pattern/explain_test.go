package pattern

import (
	"strings"
	"testing"
)

func TestExplainReasons(t *testing.T) {
	cases := []struct {
		pattern, event string
		matched        bool
		path           string
		condMatched    bool
		reason         string // substring of the condition's Reason
		values         []string
	}{
		{`{"s":["running"]}`, `{"s":"pending"}`, false, "s", false, `"pending" is not "running"`, []string{`"pending"`}},
		{`{"s":["running"]}`, `{}`, false, "s", false, "the field is absent", nil},
		{`{"s":[{"anything-but":"x"}]}`, `{}`, false, "s", false, "anything-but requires the field to exist", nil},
		{`{"s":[null]}`, `{}`, false, "s", false, "null matches only a JSON null value", nil},
		{`{"n":[{"numeric":[">",5]}]}`, `{"n":"7"}`, false, "n", false, `applies to numbers only and "7" is not a number`, []string{`"7"`}},
		{`{"n":[{"numeric":[">",5]}]}`, `{"n":3}`, false, "n", false, `3 is outside {"numeric":[">",5]}`, []string{"3"}},
		{`{"n":[{"numeric":[">",5]}]}`, `{"n":9007199254740993}`, false, "n", false, "cannot be compared as a number", nil},
		{`{"n":[{"numeric":[">",5]}]}`, `{"n":[1,7]}`, true, "n", true, `7 matches {"numeric":[">",5]}`, []string{"1", "7"}},
		{`{"k":[{"exists":false}]}`, `{"k":1}`, false, "k", false, "requires the field to be absent", nil},
		{`{"k":[{"exists":false}]}`, `{}`, true, "k", true, "absent, as exists:false requires", nil},
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"example"}`, false, "ip", false, "is not an IP address", nil},
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.1.1"}`, false, "ip", false, `is not inside {"cidr":"10.0.0.0/24"}`, nil},
		{`{"ip":["10.0.0.1"]}`, `{"ip":"10.0.0.2"}`, false, "ip", false, `"10.0.0.2" is not inside "10.0.0.1"`, nil},
		{`{"s":[{"prefix":"a"},{"suffix":"z"}]}`, `{"s":5}`, false, "s", false, `{"suffix":"z"} applies to strings only`, nil},
		{`{"s":["a"]}`, `{"s":["b","c"]}`, false, "s", false, "none of the 2 values matches", []string{`"b"`, `"c"`}},
		{`{"i":{"exists":[{"exists":false}],"b":[2]}}`, `{"i":[{"exists":1},{"b":2}]}`, true, "i.exists", true, "none in the array element", nil},
	}
	for _, c := range cases {
		p := mustParse(t, c.pattern)
		ex, err := Explain(p, []byte(c.event))
		if err != nil {
			t.Fatalf("%s: %v", c.pattern, err)
		}
		if ex.Matched != c.matched {
			t.Errorf("%s ~ %s: Matched = %v", c.pattern, c.event, ex.Matched)
		}
		var found *ConditionExplanation
		for i := range ex.Branches[0].Conditions {
			if ex.Branches[0].Conditions[i].Path == c.path {
				found = &ex.Branches[0].Conditions[i]
			}
		}
		if found == nil {
			t.Errorf("%s: no explanation for %s", c.pattern, c.path)
			continue
		}
		if found.Matched != c.condMatched || !strings.Contains(found.Reason, c.reason) {
			t.Errorf("%s ~ %s: condition %s matched=%v reason %q; want %v, %q", c.pattern, c.event, c.path, found.Matched, found.Reason, c.condMatched, c.reason)
		}
		if c.values != nil && strings.Join(found.Values, " ") != strings.Join(c.values, " ") {
			t.Errorf("%s: values %v, want %v", c.pattern, found.Values, c.values)
		}
	}
}

func TestExplainBranchesAndString(t *testing.T) {
	p := mustParse(t, `{"$or":[{"a":[1]},{"b":[{"wildcard":"x*"}]}]}`)
	ex, err := Explain(p, []byte(`{"a":2,"b":"xy"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Matched || len(ex.Branches) != 2 || ex.Branches[0].Matched || !ex.Branches[1].Matched {
		t.Fatalf("verdicts: %+v", ex)
	}
	s := ex.String()
	for _, want := range []string{"MATCH (2 alternatives", "alternative 1 does not match", "FAIL a 1: 2 is not equal to 1",
		"alternative 2 matches", `ok   b {"wildcard":"x*"}`} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}
	if _, err := Explain(p, []byte(`[]`)); err == nil {
		t.Error("Explain accepted a non-object event")
	}
}

func TestDescribeMatcherRoundTrip(t *testing.T) {
	// Every rendered matcher is valid pattern syntax that parses back to the same matcher.
	src := `{"a":["s",1.50,true,false,null,{"exists":false},{"prefix":"p"},{"suffix":{"equals-ignore-case":"S"}},
		{"equals-ignore-case":"e"},{"wildcard":"w*\\*"},{"numeric":[">=",1,"<",2]},{"numeric":["=",3]},{"cidr":"10.0.0.0/8"},
		"10.1.2.3",{"anything-but":["x","y"]},{"anything-but":[1,2]},{"anything-but":{"prefix":"p"}},
		{"anything-but":{"wildcard":["a*","b"]}},{"anything-but":{"equals-ignore-case":"Q"}},{"anything-but":{"suffix":["z"]}}]}`
	p := mustParse(t, src)
	for _, m := range p.Branches[0][0].Matchers {
		d := describeMatcher(&m)
		q, err := Parse(`{"a":[` + d + `]}`)
		if err != nil {
			t.Errorf("%s: %v", d, err)
			continue
		}
		if got := describeMatcher(&q.Branches[0][0].Matchers[0]); got != d {
			t.Errorf("%s re-renders as %s", d, got)
		}
	}
}
