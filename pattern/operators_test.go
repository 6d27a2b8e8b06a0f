package pattern

import "testing"

func mustParse(t testing.TB, src string) *Pattern {
	t.Helper()
	p, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", src, err)
	}
	return p
}

// checkMatch asserts the verdict of MatchReference, Matches and Explain for one event.
func checkMatch(t *testing.T, name string, p *Pattern, event string, want bool) {
	t.Helper()
	got, err := MatchReference(p, []byte(event))
	if err != nil {
		t.Errorf("%s: MatchReference: %v", name, err)
		return
	}
	if got != want {
		t.Errorf("%s: pattern %s\nevent %s\nMatchReference = %v, want %v", name, p.Source, event, got, want)
	}
	if m, err := Matches(p, []byte(event)); err != nil || m != want {
		t.Errorf("%s: Matches = %v, %v; want %v", name, m, err, want)
	}
	if ex, err := Explain(p, []byte(event)); err != nil || ex.Matched != want {
		t.Errorf("%s: Explain.Matched = %v, %v; want %v", name, ex != nil && ex.Matched, err, want)
	}
}

// opCase is one (pattern, event, verdict) row.
type opCase struct {
	pattern, event string
	want           bool
}

func runOpCases(t *testing.T, cases []opCase) {
	t.Helper()
	for _, c := range cases {
		checkMatch(t, c.pattern+" ~ "+c.event, mustParse(t, c.pattern), c.event, c.want)
	}
}

func TestOperatorExactValues(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"a":["x"]}`, `{"a":"x"}`, true},
		{`{"a":["x"]}`, `{"a":"X"}`, false},
		{`{"a":["x","y"]}`, `{"a":"y"}`, true},
		{`{"a":["x"]}`, `{"a":["z","x"]}`, true},
		{`{"a":["x"]}`, `{"a":[]}`, false},
		{`{"a":["x"]}`, `{"b":"x"}`, false},
		{`{"a":[""]}`, `{"a":""}`, true},
		{`{"a":[""]}`, `{"a":null}`, false},
		{`{"a":[null]}`, `{"a":null}`, true},
		{`{"a":[null]}`, `{}`, false},
		{`{"a":[null]}`, `{"a":[]}`, false},
		{`{"a":[null]}`, `{"a":""}`, false},
		{`{"a":[true]}`, `{"a":"true"}`, false},
		{`{"a":["true"]}`, `{"a":true}`, false},
		{`{"a":[false]}`, `{"a":false}`, true},
		{`{"a":["caf\u00e9"]}`, `{"a":"café"}`, true},
		{`{"a":["x"]}`, `{"a":{"b":"x"}}`, false},
		{`{"a":{"b":["x"]}}`, `{"a":{"b":"x"}}`, true},
		{`{"a":{"b":["x"]}}`, `{"a.b":"x"}`, true},
		{`{"a.b":["x"]}`, `{"a":{"b":"x"}}`, true},
		{`{"a":["x"]}`, `{"a":"y","a":"x"}`, true},  // duplicate event keys: last wins
		{`{"a":["y"]}`, `{"a":"y","a":"x"}`, false}, // ... and the first is gone
		{`{"a":["x"],"a":["y"]}`, `{"a":"x"}`, false},
		{`{"a":["x"],"a":["y"]}`, `{"a":"y"}`, true},
	})
}

func TestOperatorNumbers(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"n":[300]}`, `{"n":300}`, true},
		{`{"n":[300]}`, `{"n":300.0}`, true},
		{`{"n":[300]}`, `{"n":3e2}`, true},
		{`{"n":[3.0e2]}`, `{"n":300}`, true},
		{`{"n":[300]}`, `{"n":300.5}`, false},
		{`{"n":[300]}`, `{"n":"300"}`, false},
		{`{"n":["300"]}`, `{"n":300}`, false},
		{`{"n":[0.1]}`, `{"n":0.10}`, true},
		{`{"n":[-0]}`, `{"n":0}`, true},
		{`{"n":[12345678901234567890]}`, `{"n":12345678901234567890}`, true},
		{`{"n":[12345678901234567890]}`, `{"n":12345678901234567891}`, false},
		{`{"n":[12345678901234567890]}`, `{"n":1.234567890123456789e19}`, false},
		{`{"n":[0.3]}`, `{"n":0.30000000000000001}`, false},
		{`{"n":[1e400]}`, `{"n":1e400}`, true},
		{`{"n":[1e400]}`, `{"n":1E400}`, false},
		{`{"n":[1, 2]}`, `{"n":[3, 2.0]}`, true},
	})
}

func TestOperatorPrefixSuffix(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"r":[{"prefix":"us-"}]}`, `{"r":"us-east-1"}`, true},
		{`{"r":[{"prefix":"us-"}]}`, `{"r":"eu-west-1"}`, false},
		{`{"r":[{"prefix":"us-"}]}`, `{"r":"US-east-1"}`, false},
		{`{"r":[{"prefix":"1"}]}`, `{"r":12}`, false},
		{`{"r":[{"prefix":""}]}`, `{"r":""}`, true},
		{`{"r":[{"prefix":""}]}`, `{"r":"x"}`, true},
		{`{"r":[{"prefix":""}]}`, `{"r":null}`, false},
		{`{"r":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"r":"eventbridge"}`, true},
		{`{"r":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"r":"event"}`, false},
		{`{"f":[{"suffix":".png"}]}`, `{"f":"a.png"}`, true},
		{`{"f":[{"suffix":".png"}]}`, `{"f":"a.PNG"}`, false},
		{`{"f":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"f":"A.PNG"}`, true},
		{`{"f":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"f":"png"}`, false},
		{`{"f":[{"suffix":""}]}`, `{"f":"anything"}`, true},
		{`{"f":[{"suffix":"é"}]}`, `{"f":"café"}`, true},
	})
}

func TestOperatorEqualsIgnoreCase(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"n":[{"equals-ignore-case":"alice"}]}`, `{"n":"ALICE"}`, true},
		{`{"n":[{"equals-ignore-case":"alice"}]}`, `{"n":"aLiCe"}`, true},
		{`{"n":[{"equals-ignore-case":"alice"}]}`, `{"n":"alicia"}`, false},
		{`{"n":[{"equals-ignore-case":""}]}`, `{"n":""}`, true},
		{`{"n":[{"equals-ignore-case":""}]}`, `{"n":"a"}`, false},
		{`{"n":[{"equals-ignore-case":"σ"}]}`, `{"n":"Σ"}`, true},
		{`{"n":[{"equals-ignore-case":"k"}]}`, `{"n":"\u212a"}`, false}, // KELVIN SIGN is not 'k' here
		{`{"n":[{"equals-ignore-case":"\u212a"}]}`, `{"n":"k"}`, true},  // but 'k' is its lower case
		{`{"n":[{"equals-ignore-case":"1"}]}`, `{"n":1}`, false},
	})
}

func TestOperatorWildcard(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"s":[{"wildcard":"Simple*Service"}]}`, `{"s":"SimpleQueueService"}`, true},
		{`{"s":[{"wildcard":"Simple*Service"}]}`, `{"s":"SimpleService"}`, true},
		{`{"s":[{"wildcard":"Simple*Service"}]}`, `{"s":"SimpleQueueServices"}`, false},
		{`{"s":[{"wildcard":"a\\*b"}]}`, `{"s":"a*b"}`, true},
		{`{"s":[{"wildcard":"a\\*b"}]}`, `{"s":"axb"}`, false},
		{`{"s":[{"wildcard":"a\\\\b"}]}`, `{"s":"a\\b"}`, true},
		{`{"s":[{"wildcard":"*"}]}`, `{"s":""}`, true},
		{`{"s":[{"wildcard":""}]}`, `{"s":""}`, true},
		{`{"s":[{"wildcard":""}]}`, `{"s":"x"}`, false},
		{`{"s":[{"wildcard":"*/dir/*"}]}`, `{"s":"x/dir/y"}`, true},
		{`{"s":[{"wildcard":"*/dir/*"}]}`, `{"s":"x/dirt/y"}`, false},
		{`{"s":[{"wildcard":"*a*a*"}]}`, `{"s":"banana"}`, true},
		{`{"s":[{"wildcard":"a*a"}]}`, `{"s":"a"}`, false},
		{`{"s":[{"wildcard":"*"}]}`, `{"s":5}`, false},
	})
}

func TestOperatorAnythingBut(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"s":[{"anything-but":"x"}]}`, `{"s":"y"}`, true},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":"x"}`, false},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":null}`, true},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":5}`, true},
		{`{"s":[{"anything-but":"x"}]}`, `{}`, false},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":{"t":"y"}}`, false},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":["x","y"]}`, true},
		{`{"s":[{"anything-but":"x"}]}`, `{"s":["x"]}`, false},
		{`{"s":[{"anything-but":["a","b"]}]}`, `{"s":"b"}`, false},
		{`{"n":[{"anything-but":[100,200]}]}`, `{"n":100.0}`, false},
		{`{"n":[{"anything-but":[100,200]}]}`, `{"n":150}`, true},
		{`{"n":[{"anything-but":[100,200]}]}`, `{"n":"100"}`, true},
		{`{"n":[{"anything-but":0}]}`, `{"n":0}`, false},
		{`{"s":[{"anything-but":{"prefix":"init"}}]}`, `{"s":"initial"}`, false},
		{`{"s":[{"anything-but":{"prefix":"init"}}]}`, `{"s":"post"}`, true},
		{`{"s":[{"anything-but":{"prefix":"init"}}]}`, `{"s":12}`, true},
		{`{"s":[{"anything-but":{"prefix":["a","b"]}}]}`, `{"s":"bc"}`, false},
		{`{"s":[{"anything-but":{"prefix":[]}}]}`, `{"s":"x"}`, true},
		{`{"f":[{"anything-but":{"suffix":".txt"}}]}`, `{"f":"a.txt"}`, false},
		{`{"f":[{"anything-but":{"suffix":".txt"}}]}`, `{"f":"a.txt.bak"}`, true},
		{`{"s":[{"anything-but":{"equals-ignore-case":"abc"}}]}`, `{"s":"ABC"}`, false},
		{`{"s":[{"anything-but":{"equals-ignore-case":["abc","x"]}}]}`, `{"s":"abd"}`, true},
		{`{"s":[{"anything-but":{"wildcard":"*/dir/*"}}]}`, `{"s":"a/dir/b"}`, false},
		{`{"s":[{"anything-but":{"wildcard":"*/dir/*"}}]}`, `{"s":"a/b"}`, true},
		{`{"s":[{"anything-but":{"wildcard":""}}]}`, `{"s":""}`, false},
		{`{"s":[{"anything-but":{"wildcard":""}}]}`, `{"s":"a"}`, true},
		{`{"s":[{"anything-but":["roses"]},{"exists":false}]}`, `{}`, true},
		{`{"s":[{"anything-but":["roses"]},{"exists":false}]}`, `{"s":"roses"}`, false},
	})
}

func TestOperatorNumeric(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"n":[{"numeric":[">",0,"<=",5]}]}`, `{"n":5}`, true},
		{`{"n":[{"numeric":[">",0,"<=",5]}]}`, `{"n":0}`, false},
		{`{"n":[{"numeric":[">",0,"<=",5]}]}`, `{"n":5.000001}`, false},
		{`{"n":[{"numeric":[">=",0,"<",5]}]}`, `{"n":0}`, true},
		{`{"n":[{"numeric":[">=",0,"<",5]}]}`, `{"n":-0.0}`, true},
		{`{"n":[{"numeric":["=",301.8]}]}`, `{"n":301.80}`, true},
		{`{"n":[{"numeric":["=",301.8]}]}`, `{"n":301.81}`, false},
		{`{"n":[{"numeric":["<",10]}]}`, `{"n":"9"}`, false},
		{`{"n":[{"numeric":["<",10]}]}`, `{"n":null}`, false},
		{`{"n":[{"numeric":["<",10]}]}`, `{"n":-1e300}`, true},
		{`{"n":[{"numeric":[">=",1e2]}]}`, `{"n":100}`, true},
		{`{"n":[{"numeric":[">",100]}]}`, `{"n":101.0}`, true},
		{`{"n":[{"numeric":[">",0]}]}`, `{"n":9007199254740993}`, false}, // not exact
		{`{"n":[{"numeric":[">",0]}]}`, `{"n":9007199254740992}`, true},
		{`{"n":[{"numeric":["<",0]}]}`, `{"n":[5,-3]}`, true},
	})
}

func TestOperatorExists(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"k":[{"exists":true}]}`, `{"k":""}`, true},
		{`{"k":[{"exists":true}]}`, `{"k":null}`, true},
		{`{"k":[{"exists":true}]}`, `{"k":{"x":1}}`, false},
		{`{"k":[{"exists":true}]}`, `{"k":[]}`, false},
		{`{"k":[{"exists":true}]}`, `{"k":[[]]}`, false},
		{`{"k":[{"exists":true}]}`, `{}`, false},
		{`{"k":[{"exists":false}]}`, `{}`, true},
		{`{"k":[{"exists":false}]}`, `{"k":{"x":1}}`, true},
		{`{"k":[{"exists":false}]}`, `{"k":[]}`, true},
		{`{"k":[{"exists":false}]}`, `{"k":null}`, false},
		{`{"k":[{"exists":false}]}`, `{"k":[{"x":1}]}`, true},
		{`{"k":[{"exists":false},{"exists":true}]}`, `{"k":1}`, true},
		{`{"a":{"b":[{"exists":true}]}}`, `{"a":[{"c":1},{"b":2}]}`, true},
	})
}

func TestOperatorCIDR(t *testing.T) {
	runOpCases(t, []opCase{
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.0.255"}`, true},
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.1.0"}`, false},
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":123}`, false},
		{`{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"not-an-ip"}`, false},
		{`{"ip":[{"cidr":"10.0.0.7/24"}]}`, `{"ip":"10.0.0.1"}`, true},
		{`{"ip":[{"cidr":"10.0.0.0/8"}]}`, `{"ip":"::ffff:a00:1"}`, true},
		{`{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}`, `{"ip":"2001:0db8:1234:1a00:0000:0000:0000:0001"}`, true},
		{`{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}`, `{"ip":"10.0.0.1"}`, false},
		{`{"ip":[{"cidr":"10.0.0.0/24/"}]}`, `{"ip":"10.0.0.3"}`, true},
		{`{"ip":["10.0.0.1"]}`, `{"ip":"10.0.0.1"}`, true},
		{`{"ip":["10.0.0.1"]}`, `{"ip":"010.000.0.01"}`, true}, // leading zeros read as decimal
		{`{"ip":["::ffff:a00:1"]}`, `{"ip":"10.0.0.1"}`, true},
		{`{"ip":["10.0.0.1"]}`, `{"ip":"0:0:0:0:0:ffff:a00:1"}`, true},
		{`{"ip":["10.0.0.1"]}`, `{"ip":"10.0.0.2"}`, false},
		{`{"ip":[{"exactly":"10.0.0.1"}]}`, `{"ip":"010.0.0.1"}`, false},
		{`{"ip":[{"exactly":"10.0.0.1"}]}`, `{"ip":"10.0.0.1"}`, true},
		{`{"ip":["2001:db8::1"]}`, `{"ip":"2001:0DB8:0:0:0:0:0:1"}`, true},
		{`{"ip":["1.2.3.999"]}`, `{"ip":"1.2.3.999"}`, true}, // not an address: plain string
	})
}

func TestOperatorOr(t *testing.T) {
	p := mustParse(t, `{"source":["s"],"$or":[{"a":[1]},{"b":[2],"$or":[{"c":[3]},{"d":[4]}]}],"e":[5]}`)
	if len(p.Branches) != 3 {
		t.Fatalf("branches = %d, want 3: %+v", len(p.Branches), p.Branches)
	}
	runOpCases(t, []opCase{
		{p.Source, `{"source":"s","a":1,"e":5}`, true},
		{p.Source, `{"source":"s","a":1}`, false},
		{p.Source, `{"source":"s","b":2,"d":4,"e":5}`, true},
		{p.Source, `{"source":"s","b":2,"e":5}`, false},
		{`{"detail":{"$or":[{"x":[1]},{"y":[2]}]}}`, `{"detail":{"y":2}}`, true},
		{`{"detail":{"$or":[{"x":[1]},{"y":[2]}]}}`, `{"y":2}`, false},
		{`{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}`, `{"a":"2"}`, true}, // the alternative overrides a
		{`{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}`, `{"a":"1","b":"3"}`, true},
		{`{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}`, `{"a":"1"}`, false},
	})
}

func TestArrayConsistency(t *testing.T) {
	runOpCases(t, []opCase{
		// Values from one element of an array of objects: yes; from two different elements: no.
		{`{"e":{"f":["Anna"],"l":["Smith"]}}`, `{"e":[{"f":"John","l":"Doe"},{"f":"Anna","l":"Smith"}]}`, true},
		{`{"e":{"f":["Anna"],"l":["Smith"]}}`, `{"e":[{"f":"Anna","l":"Doe"},{"f":"John","l":"Smith"}]}`, false},
		// Nested arrays: the inner elements must agree too.
		{`{"a":{"b":{"c":[1],"d":[2]}}}`, `{"a":[{"b":[{"c":1},{"d":2}]}]}`, false},
		{`{"a":{"b":{"c":[1],"d":[2]}}}`, `{"a":[{"b":[{"c":1,"d":2}]}]}`, true},
		{`{"a":{"c":[1]},"x":[2]}`, `{"a":[{"c":1}],"x":2}`, true},
		// Arrays of arrays: leaves in different inner arrays of one outer element, and across outer elements.
		{`{"a":{"b":[1],"c":[2]}}`, `{"a":[[{"b":1}],[{"c":2}]]}`, false},
		{`{"a":{"b":[1],"c":[2]}}`, `{"a":[[{"b":1},{"c":3}],[{"b":0,"c":2}]]}`, false},
		{`{"a":{"b":[1],"c":[2]}}`, `{"a":[[{"b":1,"c":2}]]}`, true},
		// A scalar element does not record its own array (EventBridge), so it agrees with any element.
		{`{"a":[1],"a.b":[2]}`, `{"a":[1,{"b":2}]}`, true},
		// exists:false is judged against the elements chosen by conditions earlier in path order.
		{`{"items":{"b":[2],"z":[{"exists":false}]}}`, `{"items":[{"z":1},{"b":2}]}`, true},
		{`{"items":{"b":[2],"a":[{"exists":false}]}}`, `{"items":[{"a":1},{"b":2}]}`, false},
		{`{"items":{"b":[2],"a":[{"exists":false}]}}`, `{"items":[{"c":1},{"b":2}]}`, true},
		// anything-but and array consistency.
		{`{"t":{"k":["env"],"v":[{"anything-but":"prod"}]}}`, `{"t":[{"k":"env","v":"prod"},{"k":"x","v":"dev"}]}`, false},
		{`{"t":{"k":["env"],"v":[{"anything-but":"prod"}]}}`, `{"t":[{"k":"env","v":"dev"},{"k":"x","v":"prod"}]}`, true},
	})
}
