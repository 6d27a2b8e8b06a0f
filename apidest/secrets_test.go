package apidest

import (
	"bytes"
	"testing"
)

func TestSecretsSealedAtRest(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	e := newEnv(t, func(o *Options) { o.SecretKey = key })
	rec := newRecorder(t, nil)
	conn := e.basicConn(t, "c", &HttpParameters{HeaderParameters: []Parameter{{Key: "X-Secret", Value: "hidden-value", IsValueSecret: true}}})
	arn := e.dest(t, "d", conn, "POST", rec.srv.URL+"/")
	if _, err := e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c",
		AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Password: "p4ssw0rd"}}}); err != nil {
		t.Fatal(err)
	}
	raw, err := e.kv.Get(ctx, "connection/c")
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"p4ssw0rd", "hidden-value"} {
		if bytes.Contains(raw.Value, []byte(secret)) {
			t.Fatalf("stored connection holds %q in clear: %s", secret, raw.Value)
		}
	}
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	h := rec.all()[0].Header
	if h.Get("Authorization") != "Basic dXNlcjpwNHNzdzByZA==" || h.Get("X-Secret") != "hidden-value" {
		t.Fatalf("invocation headers %v", h)
	}

	for _, tc := range []struct {
		name string
		key  []byte
		ok   bool
	}{{"same key", key, true}, {"no key", nil, false}, {"wrong key", bytes.Repeat([]byte{8}, 32), false}} {
		t.Run(tc.name, func(t *testing.T) {
			s2, err := New(Options{Account: testAccount, KV: e.kv, AllowHTTP: true, SecretKey: tc.key})
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			d, err := s2.DescribeConnection(ctx, &DescribeConnectionInput{Name: "c"})
			if err != nil || d.AuthParameters.BasicAuthParameters.Username != "user" {
				t.Fatalf("describe: %+v %v", d, err)
			}
			err = s2.Driver().Deliver(ctx, handoff(arn, `{}`, nil))
			if tc.ok != (err == nil) {
				t.Fatalf("deliver: %v", err)
			}
			if !tc.ok {
				if de := deliveryErr(t, err); de.Code != "NO_PERMISSIONS" || de.Retryable {
					t.Fatalf("deliver without the key: %+v", de)
				}
			}
		})
	}
	if _, err := New(Options{KV: e.kv, SecretKey: []byte("short")}); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
}
