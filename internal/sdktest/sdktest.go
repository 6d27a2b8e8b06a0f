// Package sdktest serves EventBridge operations through the awsjson edge on a loopback test
// server and hands tests a real AWS SDK client for them. It is for tests only.
package sdktest

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/smithy-go"

	"github.com/eventrail/eventrail/awsjson"
)

// EventsClient registers ops (operation name → typed handler, as the services' Operations()
// return) as the AWSEvents service, serves them on 127.0.0.1 until the test ends, and returns an
// EventBridge client for them that does not retry.
func EventsClient(tb testing.TB, ops ...map[string]any) *eventbridge.Client {
	tb.Helper()
	events := &awsjson.Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
	for _, o := range ops {
		events.RegisterAll(o)
	}
	h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{events}})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return eventbridge.NewFromConfig(aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		BaseEndpoint:     aws.String(srv.URL),
		RetryMaxAttempts: 1,
	})
}

// WantAPIError fails the test unless err is an AWS API error with exactly this code and message.
func WantAPIError(tb testing.TB, err error, code, message string) {
	tb.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		tb.Fatalf("got %v, want %s: %s", err, code, message)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		tb.Fatalf("got %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}
