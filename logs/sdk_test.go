package logs

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"
	"github.com/eventrail/eventrail/awsjson"
)

// newSDKClient serves e's Service through the awsjson edge on 127.0.0.1 and returns a real
// aws-sdk-go-v2 CloudWatch Logs client for it.
func newSDKClient(t *testing.T, e *env) *cwl.Client {
	t.Helper()
	svc := &awsjson.Service{TargetPrefix: "Logs_20140328", JSONVersion: "1.1", SigningName: "logs"}
	svc.RegisterAll(e.svc.Operations())
	h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{svc}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return cwl.New(cwl.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")})
}

func TestSDKRoundTrip(t *testing.T) {
	e := newEnv(t)
	c := newSDKClient(t, e)
	ctx := context.Background()
	if _, err := c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("/sdk")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateLogStream(ctx, &cwl.CreateLogStreamInput{LogGroupName: aws.String("/sdk"), LogStreamName: aws.String("s")}); err != nil {
		t.Fatal(err)
	}
	ts := e.clock.Now().UnixMilli()
	put, err := c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("/sdk"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(ts), Message: aws.String(`{"level":"ERROR"}`)}, {Timestamp: aws.Int64(ts + 1), Message: aws.String("plain")}}})
	if err != nil || put.NextSequenceToken == nil {
		t.Fatalf("PutLogEvents: %+v %v", put, err)
	}
	got, err := c.GetLogEvents(ctx, &cwl.GetLogEventsInput{LogGroupName: aws.String("/sdk"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)})
	if err != nil || len(got.Events) != 2 || aws.ToString(got.Events[1].Message) != "plain" || aws.ToInt64(got.Events[0].Timestamp) != ts {
		t.Fatalf("GetLogEvents: %+v %v", got, err)
	}
	f, err := c.FilterLogEvents(ctx, &cwl.FilterLogEventsInput{LogGroupName: aws.String("/sdk"), FilterPattern: aws.String(`{ $.level = "ERROR" }`)})
	if err != nil || len(f.Events) != 1 || aws.ToString(f.Events[0].LogStreamName) != "s" || aws.ToString(f.Events[0].EventId) == "" {
		t.Fatalf("FilterLogEvents: %+v %v", f, err)
	}
	groups, err := c.DescribeLogGroups(ctx, &cwl.DescribeLogGroupsInput{})
	if err != nil || len(groups.LogGroups) != 1 || aws.ToString(groups.LogGroups[0].LogGroupArn) != "arn:aws:logs:us-east-1:000000000000:log-group:/sdk" {
		t.Fatalf("DescribeLogGroups: %+v %v", groups, err)
	}
	streams, err := c.DescribeLogStreams(ctx, &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("/sdk")})
	if err != nil || len(streams.LogStreams) != 1 || aws.ToInt64(streams.LogStreams[0].LastEventTimestamp) != ts+1 {
		t.Fatalf("DescribeLogStreams: %+v %v", streams, err)
	}

	_, err = c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("/sdk")})
	var exists *types.ResourceAlreadyExistsException
	if !errors.As(err, &exists) || exists.ErrorMessage() != "The specified log group already exists" {
		t.Fatalf("duplicate: %#v", err)
	}
	_, err = c.GetLogEvents(ctx, &cwl.GetLogEventsInput{LogGroupName: aws.String("/nope"), LogStreamName: aws.String("s")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || nf.ErrorMessage() != "The specified log group does not exist." {
		t.Fatalf("missing group: %#v", err)
	}
	_, err = c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("/sdk"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(ts), Message: aws.String("b")}, {Timestamp: aws.Int64(ts - 1), Message: aws.String("a")}}})
	var inv *types.InvalidParameterException
	var api smithy.APIError
	if !errors.As(err, &inv) || !errors.As(err, &api) || api.ErrorCode() != "InvalidParameterException" {
		t.Fatalf("wrong order: %#v", err)
	}
}
