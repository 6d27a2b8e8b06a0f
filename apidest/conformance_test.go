package apidest

import (
	"strings"
	"testing"

	"github.com/eventrail/eventrail/internal/conformance"
)

// errorCase is one line of conformance/errors.jsonl.
type errorCase struct {
	ID        string `json:"id"`
	TestID    string `json:"test_id"`
	Path      string `json:"path"`
	ErrorType string `json:"error_type"`
	Error     string `json:"error"`
}

// conformanceRequests replays, by snapshot path, the request the recorded AWS test made; each
// returns the error and the names to substitute for the recording's placeholders.
var conformanceRequests = map[string]func(t *testing.T, e *env) (error, map[string]string){
	"/describe-api-destination-not-found-error": func(t *testing.T, e *env) (error, map[string]string) {
		conn := e.basicConn(t, "conn-1", nil)
		e.dest(t, "dest-1", conn, "POST", "https://example.com/api")
		if _, err := e.s.DeleteApiDestination(ctx, &DeleteApiDestinationInput{Name: "dest-1"}); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "dest-1"})
		return err, map[string]string{"<destination-name>": "dest-1", "<connection-name>": "dest-1"}
	},
	"/create-api-destination-invalid-parameters-error": func(t *testing.T, e *env) (error, map[string]string) {
		_, err := e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{Name: "dest-1",
			ConnectionArn: "invalid-connection-arn", HttpMethod: "INVALID_METHOD", InvocationEndpoint: "invalid-endpoint"})
		return err, nil
	},
	"/create-api-destination-invalid-name-error": func(t *testing.T, e *env) (error, map[string]string) {
		conn := e.basicConn(t, "conn-1", nil)
		_, err := e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{Name: "Invalid Name With Spaces!",
			ConnectionArn: conn, HttpMethod: "POST", InvocationEndpoint: "https://example.com/api"})
		return err, nil
	},
	"/create-connection-invalid-auth-error": func(t *testing.T, e *env) (error, map[string]string) {
		_, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "conn-1", AuthorizationType: "INVALID_AUTH_TYPE", AuthParameters: &AuthParameters{}})
		return err, nil
	},
	"/create-connection-invalid-name-error": func(t *testing.T, e *env) (error, map[string]string) {
		_, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "Invalid Name With Spaces!", AuthorizationType: AuthAPIKey,
			AuthParameters: &AuthParameters{ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "ApiKey", ApiKeyValue: "secret"},
				InvocationHttpParameters: &HttpParameters{}}})
		return err, nil
	},
	"/describe-deleted-connection": func(t *testing.T, e *env) (error, map[string]string) {
		if _, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "conn-1", AuthorizationType: AuthAPIKey,
			AuthParameters: &AuthParameters{ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "ApiKey", ApiKeyValue: "secret"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: "conn-1"}); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "conn-1"})
		return err, map[string]string{"<connection-name>": "conn-1"}
	},
	"/create_connection_exc": func(t *testing.T, e *env) (error, map[string]string) {
		_, err := e.s.CreateConnection(ctx, &CreateConnectionInput{
			Name: "This should fail with two errors 123467890123412341234123412341234", AuthorizationType: "INVALID",
			AuthParameters: &AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "user", Password: "pass"}}})
		return err, nil
	},
}

// TestConformanceErrors replays every connection / API-destination case of errors.jsonl.
func TestConformanceErrors(t *testing.T) {
	passed, total := 0, 0
	for _, c := range conformance.LoadJSONL[errorCase](t, "errors.jsonl") {
		id := strings.ToLower(c.TestID)
		if !strings.Contains(id, "connection") && !strings.Contains(id, "api_destination") {
			continue
		}
		total++
		replay := conformanceRequests[c.Path]
		if replay == nil {
			t.Errorf("%s: no request known for %s", c.ID, c.Path)
			continue
		}
		ok := t.Run(strings.TrimPrefix(c.Path, "/"), func(t *testing.T) {
			err, names := replay(t, newEnv(t))
			want := c.Error
			for ph, v := range names {
				want = strings.ReplaceAll(want, ph, v)
			}
			wantErr(t, err, c.ErrorType, want)
		})
		if ok {
			passed++
		}
	}
	t.Logf("errors.jsonl connection/api-destination cases: %d/%d passed", passed, total)
	if total == 0 {
		t.Fatal("no connection or api-destination case found in errors.jsonl")
	}
}
