package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// errNoAPIDestinations says the server does not implement API destinations.
var errNoAPIDestinations = errors.New("the server does not implement API destinations (CreateConnection is unknown)")

// rulePattern matches this run's events only.
func rulePattern(run string) string {
	p := map[string]any{
		"source":      []string{"aws.ec2"},
		"detail-type": []string{benchkit.AMIDetailType},
		"detail":      map[string]any{"bench_run": []string{run}},
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// createHTTPTarget creates an API_KEY connection and an API destination posting to url, and
// returns the destination's ARN. It returns errNoAPIDestinations when the server lacks them.
func createHTTPTarget(ctx context.Context, c *benchkit.Client, name, url string, rateLimit int) (string, error) {
	var conn struct{ ConnectionArn, ConnectionState string }
	err := c.Events(ctx, "CreateConnection", map[string]any{
		"Name": name, "AuthorizationType": "API_KEY",
		"AuthParameters": map[string]any{"ApiKeyAuthParameters": map[string]string{"ApiKeyName": "x-api-key", "ApiKeyValue": "bench"}},
	}, &conn)
	var ae *benchkit.APIError
	if errors.As(err, &ae) && (ae.Type == "UnknownOperationException" || ae.Type == "InvalidAction") {
		return "", errNoAPIDestinations
	}
	if err != nil {
		return "", err
	}
	if err := waitAuthorized(ctx, c, name); err != nil {
		return "", err
	}
	var dest struct{ ApiDestinationArn string }
	err = c.Events(ctx, "CreateApiDestination", map[string]any{
		"Name": name, "ConnectionArn": conn.ConnectionArn, "InvocationEndpoint": url + "/events",
		"HttpMethod": "POST", "InvocationRateLimitPerSecond": rateLimit,
	}, &dest)
	if err != nil {
		return "", fmt.Errorf("%w (http:// destinations need allow_http_destinations in the server config)", err)
	}
	return dest.ApiDestinationArn, nil
}

// waitAuthorized polls DescribeConnection until the connection is AUTHORIZED (10 s at most).
func waitAuthorized(ctx context.Context, c *benchkit.Client, name string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var d struct{ ConnectionState, StateReason string }
		if err := c.Events(ctx, "DescribeConnection", map[string]string{"Name": name}, &d); err != nil {
			return err
		}
		if d.ConnectionState == "AUTHORIZED" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("connection %s is %s (%s) after 10 s", name, d.ConnectionState, d.StateReason)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// createQueueTarget creates a queue and returns its URL and ARN.
func createQueueTarget(ctx context.Context, c *benchkit.Client, name string) (url, arn string, err error) {
	var q struct{ QueueUrl string }
	if err := c.SQS(ctx, "CreateQueue", map[string]string{"QueueName": name}, &q); err != nil {
		return "", "", err
	}
	var a struct{ Attributes map[string]string }
	if err := c.SQS(ctx, "GetQueueAttributes", map[string]any{"QueueUrl": q.QueueUrl, "AttributeNames": []string{"QueueArn"}}, &a); err != nil {
		return "", "", err
	}
	return q.QueueUrl, a.Attributes["QueueArn"], nil
}

// createRule creates the rule matching run's events with one target of arn.
func createRule(ctx context.Context, c *benchkit.Client, name, run, arn string, withRole bool) error {
	if err := c.Events(ctx, "PutRule", map[string]any{"Name": name, "EventPattern": rulePattern(run), "State": "ENABLED"}, nil); err != nil {
		return err
	}
	t := map[string]any{"Id": "sink", "Arn": arn}
	if withRole {
		t["RoleArn"] = "arn:aws:iam::000000000000:role/eventrail-bench"
	}
	var out struct {
		FailedEntryCount int
		FailedEntries    []struct{ ErrorCode, ErrorMessage string }
	}
	if err := c.Events(ctx, "PutTargets", map[string]any{"Rule": name, "Targets": []any{t}}, &out); err != nil {
		return err
	}
	if out.FailedEntryCount > 0 {
		return fmt.Errorf("PutTargets: %+v", out.FailedEntries)
	}
	return nil
}
