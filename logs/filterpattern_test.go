package logs

import "testing"

func TestFilterPatterns(t *testing.T) {
	const js = `{"eventType":"UpdateTrail","user":{"id":1,"name":"ann"},"bandwidth":80,"ip":"123.123.0.9","flag":true,"none":null,"list":[{"id":2},{"id":3}],"msg":"Failed: disk"}`
	tests := []struct {
		pattern string
		msg     string
		want    bool
	}{
		{"", "anything", true},
		{"ERROR", "an ERROR here", true},
		{"ERROR", "an error here", false},
		{"ERROR disk", "ERROR: disk full", true},
		{"ERROR disk", "ERROR: cpu", false},
		{`"disk full"`, "ERROR: disk full", true},
		{`"disk full"`, "ERROR: full disk", false},
		{"?ERROR ?WARN", "WARN low", true},
		{"?ERROR ?WARN", "INFO", false},
		{"ERROR -disk", "ERROR: disk", false},
		{"ERROR -disk", "ERROR: cpu", true},
		{`-"disk full"`, "disk is full", true},
		{`{ $.eventType = "UpdateTrail" }`, js, true},
		{`{ $.eventType = UpdateTrail }`, js, true},
		{`{ $.eventType = "Update*" }`, js, true},
		{`{ $.eventType = "*Trail" }`, js, true},
		{`{ $.eventType != "UpdateTrail" }`, js, false},
		{`{ $.bandwidth > 75 }`, js, true},
		{`{ $.bandwidth <= 75 }`, js, false},
		{`{ $.bandwidth = 80 }`, js, true},
		{`{ $.user.id = 1 && $.user.name = "ann" }`, js, true},
		{`{ ($.user.id = 2) || ($.list[1].id = 3) }`, js, true},
		{`{ $.list[0].id = 3 }`, js, false},
		{`{ $.ip = 123.123.* }`, js, true},
		{`{ $.flag IS TRUE }`, js, true},
		{`{ $.flag IS FALSE }`, js, false},
		{`{ $.none IS NULL }`, js, true},
		{`{ $.missing NOT EXISTS }`, js, true},
		{`{ $.user NOT EXISTS }`, js, false},
		{`{ $.missing = "x" }`, js, false},
		{`{ $.eventType = "UpdateTrail" }`, "not json", false},
		{`{ $.msg = "Failed: disk" }`, js, true},
	}
	for _, tt := range tests {
		m, err := compilePattern(tt.pattern)
		if err != nil {
			t.Errorf("compile %q: %v", tt.pattern, err)
			continue
		}
		if got := m(tt.msg); got != tt.want {
			t.Errorf("%q on %q = %v, want %v", tt.pattern, tt.msg, got, tt.want)
		}
	}
	for _, bad := range []string{`{ $.a = }`, `{ $.a = 1`, `{ a = 1 }`, `{ $.a > "x" }`, `{ $.a IS MAYBE }`, `[ip, user]`, `"unterminated`, `{ ($.a = 1 }`} {
		if _, err := compilePattern(bad); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
}

func FuzzCompilePattern(f *testing.F) {
	for _, s := range []string{"", "ERROR", `?a ?b -c "d e"`, `{ $.a = 1 }`, `{ ($.a.b[2] > 3) && $.c = "x*" || $.d IS NULL }`,
		`{ $.x NOT EXISTS }`, `[a, b]`, `"\"`, `{ $. = 1 }`, `{ $[0] = 1 }`} {
		f.Add(s, `{"a":1,"b":[1,2,3],"c":"xyz"}`)
	}
	f.Fuzz(func(t *testing.T, pattern, msg string) {
		m, err := compilePattern(pattern)
		if err != nil {
			return
		}
		m(msg) // must not panic
	})
}
