package apidest

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestCreateApiDestinationValidation(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AllowHTTP = false })
	conn := e.basicConn(t, "c", nil)
	zero := 0
	cases := []struct {
		name string
		in   CreateApiDestinationInput
		code string
		msg  string
	}{
		{"required", CreateApiDestinationInput{}, eventrail.CodeValidation,
			"4 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'connectionArn' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'invocationEndpoint' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'httpMethod' failed to satisfy constraint: Member must not be null"},
		{"rate below 1", CreateApiDestinationInput{Name: "d", ConnectionArn: conn, InvocationEndpoint: "https://h/x", HttpMethod: "POST", InvocationRateLimitPerSecond: &zero},
			eventrail.CodeValidation, "1 validation error detected: Value '0' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"http endpoint", CreateApiDestinationInput{Name: "d", ConnectionArn: conn, InvocationEndpoint: "http://h/x", HttpMethod: "POST"},
			eventrail.CodeValidation, "Failed to create the api-destination(s). Parameter InvocationEndpoint is not valid. Reason: Endpoint 'http://h/x' is invalid, please provide a valid HTTPS endpoint URL."},
		{"endpoint without scheme", CreateApiDestinationInput{Name: "d", ConnectionArn: conn, InvocationEndpoint: "example.com/x", HttpMethod: "GET"},
			eventrail.CodeValidation, "Failed to create the api-destination(s). Parameter InvocationEndpoint is not valid. Reason: Endpoint 'example.com/x' is invalid, please provide a valid HTTPS endpoint URL."},
		{"missing connection", CreateApiDestinationInput{Name: "d", ConnectionArn: "arn:aws:events:us-east-1:111111111111:connection/nope/0000", InvocationEndpoint: "https://h/x", HttpMethod: "POST"},
			eventrail.CodeResourceNotFound, "Failed to create the api-destination(s). Connection 'nope' does not exist."},
		{"other incarnation of the connection", CreateApiDestinationInput{Name: "d", ConnectionArn: conn[:len(conn)-4] + "ffff", InvocationEndpoint: "https://h/x", HttpMethod: "POST"},
			eventrail.CodeResourceNotFound, "Failed to create the api-destination(s). Connection 'c' does not exist."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			_, err := e.s.CreateApiDestination(ctx, &in)
			wantErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestApiDestinationLifecycle(t *testing.T) {
	e := newEnv(t)
	conn := e.basicConn(t, "c", nil)
	out, err := e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{Name: "d1", Description: "Test API destination",
		ConnectionArn: conn, InvocationEndpoint: "https://example.com/api", HttpMethod: "POST"})
	if err != nil {
		t.Fatal(err)
	}
	arnRE := regexp.MustCompile(`^arn:aws:events:us-east-1:111111111111:api-destination/d1/[0-9a-f-]{36}$`)
	if !arnRE.MatchString(out.ApiDestinationArn) || out.ApiDestinationState != DestinationActive || out.CreationTime == nil {
		t.Fatalf("create: %v", wire(t, out))
	}
	if r, ok := e.rate(out.ApiDestinationArn); !ok || r != 300 {
		t.Fatalf("announced rate %v %v, want the default 300", r, ok)
	}
	_, err = e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{Name: "d1", ConnectionArn: conn, InvocationEndpoint: "https://x/", HttpMethod: "GET"})
	wantErr(t, err, eventrail.CodeResourceAlreadyExists, "An api-destination 'd1' already exists.")

	d, err := e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "d1"})
	if err != nil {
		t.Fatal(err)
	}
	w := wire(t, d)
	if w["Name"] != "d1" || w["Description"] != "Test API destination" || w["HttpMethod"] != "POST" ||
		w["InvocationEndpoint"] != "https://example.com/api" || w["InvocationRateLimitPerSecond"] != 300.0 ||
		w["ApiDestinationState"] != "ACTIVE" || w["ConnectionArn"] != conn || w["LastModifiedTime"] == nil {
		t.Fatalf("describe: %v", w)
	}

	desc, fifty := "Updated API destination", 50
	up, err := e.s.UpdateApiDestination(ctx, &UpdateApiDestinationInput{Name: "d1", Description: &desc,
		HttpMethod: "PUT", InvocationEndpoint: "https://example.com/api/v2", InvocationRateLimitPerSecond: &fifty})
	if err != nil || up.ApiDestinationState != DestinationActive || up.ApiDestinationArn != out.ApiDestinationArn {
		t.Fatalf("update: %+v %v", up, err)
	}
	if r, _ := e.rate(out.ApiDestinationArn); r != 50 {
		t.Fatalf("announced rate after update %v", r)
	}
	d, _ = e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "d1"})
	if d.HttpMethod != "PUT" || d.InvocationEndpoint != "https://example.com/api/v2" || *d.InvocationRateLimitPerSecond != 50 || d.Description != desc {
		t.Fatalf("after update: %+v", d)
	}
	_, err = e.s.UpdateApiDestination(ctx, &UpdateApiDestinationInput{Name: "d1", ConnectionArn: "arn:aws:events:us-east-1:111111111111:connection/gone/1234"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to update the api-destination(s). Connection 'gone' does not exist.")
	_, err = e.s.UpdateApiDestination(ctx, &UpdateApiDestinationInput{Name: "nope"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to update the api-destination(s). An api-destination 'nope' does not exist.")

	if _, err := e.kv.Put(ctx, eventrail.TagsKey(out.ApiDestinationArn), []byte(`[{"Key":"k","Value":"v"}]`)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.DeleteApiDestination(ctx, &DeleteApiDestinationInput{Name: "d1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.kv.Get(ctx, eventrail.TagsKey(out.ApiDestinationArn)); !errors.Is(err, eventrail.ErrNotFound) {
		t.Fatalf("tags survive the destination: %v", err)
	}
	if _, ok := e.rate(out.ApiDestinationArn); ok {
		t.Fatal("rate limit still announced after delete")
	}
	_, err = e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "d1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to describe the api-destination(s). An api-destination 'd1' does not exist.")
	_, err = e.s.DeleteApiDestination(ctx, &DeleteApiDestinationInput{Name: "d1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to delete the api-destination(s). An api-destination 'd1' does not exist.")
}

func TestApiDestinationStateFollowsConnection(t *testing.T) {
	e := newEnv(t)
	conn := e.basicConn(t, "c", nil)
	e.dest(t, "d", conn, "POST", "https://example.com/")
	if _, err := e.s.DeauthorizeConnection(ctx, &DeauthorizeConnectionInput{Name: "c"}); err != nil {
		t.Fatal(err)
	}
	d, err := e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "d"})
	if err != nil || d.ApiDestinationState != DestinationInactive {
		t.Fatalf("state after deauthorize: %+v %v", d, err)
	}
	if _, err := e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: "c"}); err != nil {
		t.Fatal(err)
	}
	out, err := e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{})
	if err != nil || len(out.ApiDestinations) != 1 || out.ApiDestinations[0].ApiDestinationState != DestinationInactive {
		t.Fatalf("list after connection delete: %+v %v", out, err)
	}
}

func TestListApiDestinations(t *testing.T) {
	e := newEnv(t)
	c1 := e.basicConn(t, "c1", nil)
	c2 := e.basicConn(t, "c2", nil)
	e.dest(t, "orders-b", c1, "POST", "https://example.com/b")
	e.dest(t, "orders-a", c2, "GET", "https://example.com/a")
	e.dest(t, "billing", c1, "PUT", "https://example.com/c")
	names := func(out *ListApiDestinationsOutput) string {
		var s []string
		for _, d := range out.ApiDestinations {
			if d.Description != "" {
				t.Errorf("list entry %s has a Description", d.Name)
			}
			s = append(s, d.Name)
		}
		return strings.Join(s, ",")
	}
	out, err := e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{NamePrefix: "orders"})
	if err != nil || names(out) != "orders-a,orders-b" {
		t.Fatalf("prefix: %q %v", names(out), err)
	}
	out, err = e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{ConnectionArn: c1})
	if err != nil || names(out) != "billing,orders-b" {
		t.Fatalf("connection filter: %q %v", names(out), err)
	}
	two := 2
	out, err = e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{Limit: &two})
	if err != nil || names(out) != "billing,orders-a" || out.NextToken == "" {
		t.Fatalf("page 1: %q %v", names(out), err)
	}
	out, err = e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{Limit: &two, NextToken: out.NextToken})
	if err != nil || names(out) != "orders-b" || out.NextToken != "" {
		t.Fatalf("page 2: %q %v", names(out), err)
	}
}

func TestRateLimitsAnnouncedAtStart(t *testing.T) {
	e := newEnv(t)
	conn := e.basicConn(t, "c", nil)
	seven := 7
	out, err := e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{Name: "d", ConnectionArn: conn,
		InvocationEndpoint: "https://example.com/", HttpMethod: "POST", InvocationRateLimitPerSecond: &seven})
	if err != nil {
		t.Fatal(err)
	}
	plain := e.dest(t, "p", conn, "POST", "https://example.com/")
	got := map[string]float64{}
	s2, err := New(Options{Account: testAccount, KV: e.kv, DefaultRateLimit: -1,
		OnRateLimit: func(arn string, r float64) { got[arn] = r }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got[out.ApiDestinationArn] != 7 || len(got) != 2 || got[plain] != 0 {
		t.Fatalf("announced at start: %v", got)
	}
	d, _ := s2.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "p"})
	if d.InvocationRateLimitPerSecond != nil {
		t.Fatalf("unlimited destination shows a rate: %d", *d.InvocationRateLimitPerSecond)
	}
}

func TestResolveTaggable(t *testing.T) {
	e := newEnv(t)
	conn := e.basicConn(t, "c", nil)
	dest := e.dest(t, "d", conn, "POST", "https://example.com/")
	for _, arn := range []string{conn, dest} {
		if got, handled, err := e.s.ResolveTaggable(ctx, arn); got != arn || !handled || err != nil {
			t.Fatalf("%s: %q %v %v", arn, got, handled, err)
		}
	}
	_, handled, err := e.s.ResolveTaggable(ctx, conn[:len(conn)-4]+"ffff")
	if !handled {
		t.Fatal("stale connection ARN not handled")
	}
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to describe the connection(s). Connection 'c' does not exist.")
	_, _, err = e.s.ResolveTaggable(ctx, strings.Replace(dest, "/d/", "/x/", 1))
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to describe the api-destination(s). An api-destination 'x' does not exist.")
	if _, handled, err := e.s.ResolveTaggable(ctx, "arn:aws:events:us-east-1:111111111111:archive/a"); handled || err != nil {
		t.Fatalf("archive ARN: %v %v", handled, err)
	}
}

func TestDestinationOperationsValidation(t *testing.T) {
	e := newEnv(t)
	zero, big := 0, 101
	cases := []struct {
		name string
		call func() error
		msg  string
	}{
		{"update enum and rate", func() error {
			_, err := e.s.UpdateApiDestination(ctx, &UpdateApiDestinationInput{Name: "d", HttpMethod: "TRACE", InvocationRateLimitPerSecond: &zero})
			return err
		}, "2 validation errors detected: Value 'TRACE' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]; " +
			"Value '0' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"update needs a name", func() error {
			_, err := e.s.UpdateApiDestination(ctx, &UpdateApiDestinationInput{})
			return err
		}, "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"list filters", func() error {
			_, err := e.s.ListApiDestinations(ctx, &ListApiDestinationsInput{ConnectionArn: "nope", Limit: &big})
			return err
		}, `2 validation errors detected: Value 'nope' at 'connectionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$; ` +
			"Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"describe name too long", func() error {
			_, err := e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: strings.Repeat("x", 65)})
			return err
		}, "1 validation error detected: Value '" + strings.Repeat("x", 65) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"delete needs a name", func() error {
			_, err := e.s.DeleteApiDestination(ctx, &DeleteApiDestinationInput{})
			return err
		}, "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), eventrail.CodeValidation, tc.msg) })
	}
}
