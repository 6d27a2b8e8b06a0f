package apidest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestCreateConnectionValidation(t *testing.T) {
	e := newEnv(t)
	basic := &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "user", Password: "pass"}}
	const authPat = `^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$`
	cases := []struct {
		name string
		in   CreateConnectionInput
		code string
		msg  string
	}{
		{"all required missing", CreateConnectionInput{}, eventrail.CodeValidation,
			"3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'authorizationType' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'authParameters' failed to satisfy constraint: Member must not be null"},
		{"name too long", CreateConnectionInput{Name: strings.Repeat("a", 65), AuthorizationType: AuthBasic, AuthParameters: basic}, eventrail.CodeValidation,
			"1 validation error detected: Value '" + strings.Repeat("a", 65) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"password missing", CreateConnectionInput{Name: "c", AuthorizationType: AuthBasic,
			AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "u"}}}, eventrail.CodeValidation,
			"1 validation error detected: Value null at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: Member must not be null"},
		{"password with colon is hidden", CreateConnectionInput{Name: "c", AuthorizationType: AuthBasic,
			AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "u", Password: "a:b"}}}, eventrail.CodeValidation,
			"1 validation error detected: Value at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: Member must satisfy regular expression pattern: " + authPat},
		{"oauth method enum and missing client", CreateConnectionInput{Name: "c", AuthorizationType: AuthOAuth,
			AuthParameters: &AuthParameters{OAuthParameters: &OAuthParameters{AuthorizationEndpoint: "https://auth.example/token", HttpMethod: "PATCH"}}}, eventrail.CodeValidation,
			"2 validation errors detected: Value null at 'authParameters.oAuthParameters.clientParameters' failed to satisfy constraint: Member must not be null; " +
				"Value 'PATCH' at 'authParameters.oAuthParameters.httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [GET, POST, PUT]"},
		{"bad header key", CreateConnectionInput{Name: "c", AuthorizationType: AuthBasic,
			AuthParameters: &AuthParameters{BasicAuthParameters: basic.BasicAuthParameters,
				InvocationHttpParameters: &HttpParameters{HeaderParameters: []Parameter{{Key: "bad key", Value: "v"}}}}}, eventrail.CodeValidation,
			"1 validation error detected: Value 'bad key' at 'authParameters.invocationHttpParameters.headerParameters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$"},
		{"block does not match type", CreateConnectionInput{Name: "c", AuthorizationType: AuthAPIKey, AuthParameters: basic}, eventrail.CodeValidation,
			"Failed to create the connection(s). Reason: Authorization type API_KEY requires ApiKeyAuthParameters, and only ApiKeyAuthParameters, in AuthParameters."},
		{"no block", CreateConnectionInput{Name: "c", AuthorizationType: AuthBasic, AuthParameters: &AuthParameters{}}, eventrail.CodeValidation,
			"Failed to create the connection(s). Reason: Authorization type BASIC requires BasicAuthParameters, and only BasicAuthParameters, in AuthParameters."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			_, err := e.s.CreateConnection(ctx, &in)
			wantErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestCreateConnectionHTTPSOnly(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AllowHTTP = false })
	_, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "c", AuthorizationType: AuthOAuth,
		AuthParameters: &AuthParameters{OAuthParameters: &OAuthParameters{
			ClientParameters:      &ClientParameters{ClientID: "id", ClientSecret: "secret"},
			AuthorizationEndpoint: "http://127.0.0.1:1/token", HttpMethod: "POST"}}})
	wantErr(t, err, eventrail.CodeValidation, "Failed to create the connection(s). Parameter AuthorizationEndpoint is not valid. Reason: Endpoint 'http://127.0.0.1:1/token' is invalid, please provide a valid HTTPS endpoint URL.")
}

func TestConnectionLifecycle(t *testing.T) {
	e := newEnv(t)
	out, err := e.s.CreateConnection(ctx, &CreateConnectionInput{
		Name: "c1", Description: "first", AuthorizationType: AuthAPIKey,
		AuthParameters: &AuthParameters{
			ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "x-api-key", ApiKeyValue: "sekrit"},
			InvocationHttpParameters: &HttpParameters{
				HeaderParameters:      []Parameter{{Key: "X-Plain", Value: "shown"}, {Key: "X-Hidden", Value: "hush", IsValueSecret: true}},
				QueryStringParameters: []Parameter{{Key: "q", Value: "1"}},
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	arnRE := regexp.MustCompile(`^arn:aws:events:us-east-1:111111111111:connection/c1/[0-9a-f-]{36}$`)
	if !arnRE.MatchString(out.ConnectionArn) || out.ConnectionState != StateAuthorized || out.CreationTime == nil || out.LastAuthorizedTime != nil {
		t.Fatalf("create output %+v", wire(t, out))
	}
	_, err = e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "c1", AuthorizationType: AuthBasic,
		AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "u", Password: "p"}}})
	wantErr(t, err, eventrail.CodeResourceAlreadyExists, "Connection c1 already exists.")

	d, err := e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	w := wire(t, d)
	secretRE := regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:111111111111:secret:events!connection/c1/[0-9a-f-]{36}-[A-Za-z0-9]{6}$`)
	if !secretRE.MatchString(d.SecretArn) || d.Name != "c1" || d.Description != "first" || d.AuthorizationType != AuthAPIKey ||
		d.ConnectionState != StateAuthorized || w["LastAuthorizedTime"] == nil {
		t.Fatalf("describe: %v", w)
	}
	js := string(mustJSON(d))
	for _, secret := range []string{"sekrit", "hush", "ApiKeyValue", "Password"} {
		if contains(js, secret) {
			t.Fatalf("describe leaks %q: %s", secret, js)
		}
	}
	wantAuth := `{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key"},"InvocationHttpParameters":{"HeaderParameters":[{"Key":"X-Plain","Value":"shown","IsValueSecret":false},{"Key":"X-Hidden","IsValueSecret":true}],"QueryStringParameters":[{"Key":"q","Value":"1","IsValueSecret":false}]}}`
	if got := string(mustJSON(d.AuthParameters)); got != wantAuth {
		t.Fatalf("AuthParameters\n got %s\nwant %s", got, wantAuth)
	}

	del, err := e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: "c1"})
	if err != nil || del.ConnectionState != StateDeleting || del.ConnectionArn != out.ConnectionArn || del.LastAuthorizedTime == nil {
		t.Fatalf("delete: %+v %v", del, err)
	}
	_, err = e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "c1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to describe the connection(s). Connection 'c1' does not exist.")
	_, err = e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: "c1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to delete the connection(s). Connection 'c1' does not exist.")
	_, err = e.s.DeauthorizeConnection(ctx, &DeauthorizeConnectionInput{Name: "c1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to deauthorize the connection(s). Connection 'c1' does not exist.")
	_, err = e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c1"})
	wantErr(t, err, eventrail.CodeResourceNotFound, "Failed to update the connection(s). Connection 'c1' does not exist.")
	_, err = e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "bad name"})
	wantErr(t, err, eventrail.CodeValidation, `1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`)
}

func TestUpdateAndDeauthorizeConnection(t *testing.T) {
	e := newEnv(t)
	e.basicConn(t, "c", nil)
	desc := "changed"
	up, err := e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c", Description: &desc,
		AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Password: "new"}}})
	if err != nil || up.ConnectionState != StateAuthorized || up.LastAuthorizedTime == nil {
		t.Fatalf("update: %+v %v", up, err)
	}
	c, _, _ := e.s.getConnection(ctx, "c", "describe")
	if c.Auth.BasicAuthParameters.Username != "user" || c.Auth.BasicAuthParameters.Password != "new" || c.Description != "changed" {
		t.Fatalf("stored after update: %+v", c.Auth.BasicAuthParameters)
	}
	_, err = e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c", AuthorizationType: AuthAPIKey})
	wantErr(t, err, eventrail.CodeValidation, "Failed to update the connection(s). Reason: Authorization type API_KEY requires ApiKeyAuthParameters, and only ApiKeyAuthParameters, in AuthParameters.")
	_, err = e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c", AuthorizationType: "NOPE"})
	wantErr(t, err, eventrail.CodeValidation, "1 validation error detected: Value 'NOPE' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]")

	de, err := e.s.DeauthorizeConnection(ctx, &DeauthorizeConnectionInput{Name: "c"})
	if err != nil || de.ConnectionState != StateDeauthorizing {
		t.Fatalf("deauthorize: %+v %v", de, err)
	}
	c, _, _ = e.s.getConnection(ctx, "c", "describe")
	if c.State != StateDeauthorized || !c.Wiped || c.Auth.BasicAuthParameters.Password != "" || c.Auth.BasicAuthParameters.Username != "" {
		t.Fatalf("after deauthorize: %+v", c)
	}
	// New credentials authorize it again; a description-only update does not.
	if _, err := e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c", Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if c, _, _ = e.s.getConnection(ctx, "c", "describe"); c.State != StateDeauthorized {
		t.Fatalf("state %s after a description-only update", c.State)
	}
	up, err = e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "c", AuthorizationType: AuthAPIKey,
		AuthParameters: &AuthParameters{ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "k", ApiKeyValue: "v"}}})
	if err != nil || up.ConnectionState != StateAuthorized {
		t.Fatalf("re-authorize: %+v %v", up, err)
	}
	c, _, _ = e.s.getConnection(ctx, "c", "describe")
	if c.Wiped || c.AuthorizationType != AuthAPIKey || c.Auth.BasicAuthParameters != nil || c.Auth.ApiKeyAuthParameters.ApiKeyValue != "v" {
		t.Fatalf("after re-authorize: %+v", c)
	}
}

func TestListConnections(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"b-2", "a-1", "b-1", "b-3"} {
		e.basicConn(t, n, nil)
	}
	if _, err := e.s.DeauthorizeConnection(ctx, &DeauthorizeConnectionInput{Name: "b-3"}); err != nil {
		t.Fatal(err)
	}
	names := func(out *ListConnectionsOutput) string {
		var s []string
		for _, c := range out.Connections {
			s = append(s, c.Name+":"+c.ConnectionState)
		}
		return strings.Join(s, ",")
	}
	one := 1
	var got []string
	token := ""
	for {
		out, err := e.s.ListConnections(ctx, &ListConnectionsInput{NamePrefix: "b-", Limit: &one, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, names(out))
		if token = out.NextToken; token == "" {
			break
		}
	}
	if strings.Join(got, "|") != "b-1:AUTHORIZED|b-2:AUTHORIZED|b-3:DEAUTHORIZED" {
		t.Fatalf("pages %q", got)
	}
	out, err := e.s.ListConnections(ctx, &ListConnectionsInput{ConnectionState: StateAuthorized})
	if err != nil || names(out) != "a-1:AUTHORIZED,b-1:AUTHORIZED,b-2:AUTHORIZED" {
		t.Fatalf("state filter: %q %v", names(out), err)
	}
	if w := wire(t, out); w["Connections"] == nil {
		t.Fatal("Connections missing from the wire form")
	}
	_, err = e.s.ListConnections(ctx, &ListConnectionsInput{NextToken: "garbage!"})
	wantErr(t, err, eventrail.CodeValidation, "The NextToken provided is not valid.")
	zero := 0
	_, err = e.s.ListConnections(ctx, &ListConnectionsInput{Limit: &zero, ConnectionState: "BOGUS"})
	wantErr(t, err, eventrail.CodeValidation, "2 validation errors detected: Value 'BOGUS' at 'connectionState' failed to satisfy constraint: Member must satisfy enum value set: [CREATING, UPDATING, DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING, ACTIVE, FAILED_CONNECTIVITY]; Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
}

func TestOperationsTable(t *testing.T) {
	e := newEnv(t)
	ops := e.s.Operations()
	for _, name := range []string{"CreateConnection", "DescribeConnection", "ListConnections", "UpdateConnection",
		"DeleteConnection", "DeauthorizeConnection", "CreateApiDestination", "DescribeApiDestination",
		"ListApiDestinations", "UpdateApiDestination", "DeleteApiDestination"} {
		if ops[name] == nil {
			t.Errorf("Operations lacks %s", name)
		}
	}
	if len(ops) != 11 {
		t.Errorf("Operations has %d entries, want 11", len(ops))
	}
}
