package pattern

import (
	"errors"
	"reflect"
	"testing"
)

var fuzzPatternSeeds = []string{
	`{"source":["aws.ec2"],"detail":{"state":["running",{"prefix":"stop"}]}}`,
	`{"a":[{"anything-but":{"wildcard":["*/x/*","a\\*b"]}}],"$or":[{"b":[1]},{"c":[{"exists":false}]}]}`,
	`{"n":[{"numeric":[">",0,"<=",5e2]},{"numeric":["=",-0.5]}],"ip":[{"cidr":"10.0.0.0/8"},"::1"]}`,
	`{"s":[{"equals-ignore-case":"ÄbC"},{"suffix":{"equals-ignore-case":".PNG"}},{"exactly":"1.2.3.4"}]}`,
	`{"x":{"$or":[{"y":[null,true,false]},{"z":[12345678901234567890, 1e400]}]}}`,
	"{\n\t\"a\" : [ \"\\u00e9\\ud83d\\ude80\" ]\r\n}",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzPatternSeeds {
		f.Add(s)
	}
	for _, c := range parseErrorCases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Source != src || pe.Reason == "" {
				t.Fatalf("bad error %#v for %q", err, src)
			}
			_ = err.Error()
			return
		}
		checkPatternInvariants(t, p)
		again, err := Parse(p.Source)
		if err != nil {
			t.Fatalf("re-parse of accepted %q failed: %v", src, err)
		}
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("re-parse differs for %q", src)
		}
	})
}

// checkPatternInvariants checks the AST contract of ast.go.
func checkPatternInvariants(t *testing.T, p *Pattern) {
	t.Helper()
	if len(p.Branches) == 0 || len(p.Branches) > DefaultMaxCombinations {
		t.Fatalf("%d branches", len(p.Branches))
	}
	for _, br := range p.Branches {
		if len(br) == 0 {
			t.Fatal("empty branch")
		}
		for i, c := range br {
			if i > 0 && !PathLess(br[i-1].Path, c.Path) {
				t.Fatalf("paths not sorted/unique: %q, %q", br[i-1].Path, c.Path)
			}
			if len(c.Matchers) == 0 {
				t.Fatalf("condition %q without matchers", c.Path)
			}
			for _, m := range c.Matchers {
				if m.Kind < KindString || m.Kind > KindAnythingButWildcard {
					t.Fatalf("bad kind %d", m.Kind)
				}
			}
		}
	}
}

func FuzzMatchReference(f *testing.F) {
	events := []string{
		`{"source":"aws.ec2","detail":{"state":"stopping"}}`,
		`{"a":[{"b":1},{"c":"x/y/x/z"}],"n":[0,5e2,-0.5,"7"],"ip":["10.1.2.3","::1",null]}`,
		`{"s":"äBc","x":{"z":12345678901234567890,"y":[[true],[]]},"a.b":{}}`,
		`{"a":1,"a":{"b":[]}}`,
		`[1,2]`,
		`{"a":`,
	}
	for i, s := range fuzzPatternSeeds {
		f.Add(s, []byte(events[i%len(events)]))
	}
	f.Fuzz(func(t *testing.T, src string, event []byte) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		got, err := MatchReference(p, event)
		if err != nil {
			if ValidateTestEvent(event) == nil {
				t.Fatalf("MatchReference failed on a valid event: %v", err)
			}
			return
		}
		ex, err := Explain(p, event)
		if err != nil || ex.Matched != got {
			t.Fatalf("Explain disagrees: %v, %v vs %v", err, ex, got)
		}
		_ = ex.String()
	})
}
