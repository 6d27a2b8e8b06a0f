package awsjson

import (
	"context"
	"strings"
	"testing"
)

type ctxT = context.Context

func TestIsLoopbackAddr(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1": true, "127.0.0.1:4010": true, "127.8.9.10:1": true, "[::1]:4010": true, "::1": true,
		"localhost:4010": true, "LOCALHOST": true, "[::ffff:127.0.0.1]:80": true,
		":4010": false, "0.0.0.0:4010": false, "[::]:4010": false, "10.0.0.1:4010": false, "example.com:80": false,
		"": false, "garbage": false, "192.168.1.1": false,
	}
	for addr, want := range cases {
		if got := IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestListenGuard(t *testing.T) {
	cases := []struct {
		addr         string
		creds, insec bool
		wantErr      bool
	}{
		{"127.0.0.1:4010", false, false, false},
		{"localhost:4010", false, false, false},
		{":4010", false, false, true},
		{"0.0.0.0:4010", false, false, true},
		{"0.0.0.0:4010", true, false, false},
		{"0.0.0.0:4010", false, true, false},
	}
	for _, c := range cases {
		err := ListenGuard(c.addr, c.creds, c.insec)
		if (err != nil) != c.wantErr {
			t.Errorf("ListenGuard(%q, %v, %v) = %v", c.addr, c.creds, c.insec, err)
		}
		if err != nil && !strings.Contains(err.Error(), c.addr) {
			t.Errorf("error does not name the address: %v", err)
		}
	}
}
