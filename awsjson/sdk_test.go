package awsjson

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/eventrail/eventrail"
)

// The toy "AWSEvents" service the real EventBridge client talks to.

type listBusesIn struct {
	NamePrefix string `json:"NamePrefix,omitempty"`
	Limit      int    `json:"Limit,omitempty"`
}

type busOut struct {
	Name         string     `json:"Name"`
	Arn          string     `json:"Arn"`
	CreationTime *Timestamp `json:"CreationTime,omitempty"`
}

type listBusesOut struct {
	EventBuses []busOut `json:"EventBuses"`
	NextToken  string   `json:"NextToken,omitempty"`
}

type describeBusIn struct {
	Name string `json:"Name"`
}

var busCreated = time.UnixMilli(1763717400250).UTC()

// sdkServices returns the toy EventBridge and SQS services; seen receives the request id each
// operation saw in its context.
func sdkServices(seen chan<- string) []*Service {
	events := &Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
	Handle(events, "ListEventBuses", func(ctx context.Context, in *listBusesIn) (*listBusesOut, error) {
		seen <- RequestID(ctx)
		if !CallerFromContext(ctx).Signed {
			return nil, errors.New("unsigned call reached the operation")
		}
		name := in.NamePrefix + "default"
		return &listBusesOut{EventBuses: []busOut{{Name: name, Arn: "arn:aws:events:us-east-1:111111111111:event-bus/" + name,
			CreationTime: &Timestamp{busCreated}}}, NextToken: "tok"}, nil
	})
	Handle(events, "DescribeEventBus", func(ctx context.Context, in *describeBusIn) (*busOut, error) {
		seen <- RequestID(ctx)
		return nil, eventrail.ErrBusNotFound(in.Name)
	})
	Handle(events, "DeleteEventBus", func(ctx context.Context, in *describeBusIn) (*struct{}, error) {
		seen <- RequestID(ctx)
		return nil, errors.New("store exploded")
	})
	queues := &Service{TargetPrefix: "AmazonSQS", JSONVersion: "1.0", SigningName: "sqs",
		QueryCompatible: map[string]string{"QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue"}}
	Handle(queues, "GetQueueUrl", func(ctx context.Context, in *struct{ QueueName string }) (*struct{}, error) {
		seen <- RequestID(ctx)
		return nil, eventrail.Errorf("QueueDoesNotExist", "The specified queue does not exist.")
	})
	return []*Service{events, queues}
}

func sdkConfig(url string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(testAKID, testSecret, ""),
		BaseEndpoint:     aws.String(url),
		RetryMaxAttempts: 1,
	}
}

func TestSDKEventBridgeEndToEnd(t *testing.T) {
	seen := make(chan string, 4)
	srv := newServer(t, Options{Services: sdkServices(seen), Credentials: map[string]string{testAKID: testSecret}, Region: "us-east-1"})
	client := eventbridge.NewFromConfig(sdkConfig(srv.URL))
	ctx := context.Background()

	out, err := client.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NamePrefix: aws.String("my-")})
	if err != nil {
		t.Fatalf("ListEventBuses: %v", err)
	}
	if len(out.EventBuses) != 1 || aws.ToString(out.EventBuses[0].Name) != "my-default" ||
		!aws.ToTime(out.EventBuses[0].CreationTime).Equal(busCreated) || aws.ToString(out.NextToken) != "tok" {
		t.Errorf("ListEventBuses output = %+v", out.EventBuses)
	}
	rid, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if want := <-seen; rid != want || !uuidRE.MatchString(rid) {
		t.Errorf("SDK request id %q, operation saw %q", rid, want)
	}

	_, err = client.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("nope")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ResourceNotFoundException" ||
		apiErr.ErrorMessage() != "Event bus nope does not exist." || apiErr.ErrorFault() == smithy.FaultServer {
		t.Fatalf("DescribeEventBus error = %v", err)
	}
	var typed *ebtypes.ResourceNotFoundException
	if !errors.As(err, &typed) {
		t.Errorf("error is not the modelled *types.ResourceNotFoundException: %T", err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.ServiceRequestID() != <-seen || re.HTTPStatusCode() != 400 {
		t.Errorf("error request id / status wrong: %v", err)
	}

	_, err = client.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("x")})
	var internal *ebtypes.InternalException
	if !errors.As(err, &internal) || !errors.As(err, &re) || re.HTTPStatusCode() != 500 ||
		strings.Contains(err.Error(), "exploded") {
		t.Errorf("internal error = %v", err)
	}
	<-seen

	// A client with the wrong secret is refused with AWS's code and message.
	bad := sdkConfig(srv.URL)
	bad.Credentials = credentials.NewStaticCredentialsProvider(testAKID, "wrong", "")
	_, err = eventbridge.NewFromConfig(bad).ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidSignatureException" || apiErr.ErrorMessage() != msgSignatureMismatch {
		t.Errorf("wrong secret: %v", err)
	}
	unknown := sdkConfig(srv.URL)
	unknown.Credentials = credentials.NewStaticCredentialsProvider("AKIDNOBODY", "x", "")
	_, err = eventbridge.NewFromConfig(unknown).ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "UnrecognizedClientException" {
		t.Errorf("unknown key: %v", err)
	}
	if len(seen) != 0 {
		t.Errorf("a refused call reached an operation")
	}
}

func TestSDKSQSQueryCompatibleError(t *testing.T) {
	seen := make(chan string, 1)
	srv := newServer(t, Options{Services: sdkServices(seen), Credentials: map[string]string{testAKID: testSecret}})
	_, err := sqs.NewFromConfig(sdkConfig(srv.URL)).GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String("q")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorMessage() != "The specified queue does not exist." {
		t.Fatalf("GetQueueUrl error = %v", err)
	}
	// The SDK surfaces the legacy code it reads from x-amzn-query-error.
	if c := apiErr.ErrorCode(); c != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Errorf("error code = %q", c)
	}
	<-seen
}

// TestSDKConcurrentSignedCalls runs a bounded burst of signed SDK calls from several
// goroutines (the signing-key cache and the handler are shared).
func TestSDKConcurrentSignedCalls(t *testing.T) {
	seen := make(chan string, 1000)
	srv := newServer(t, Options{Services: sdkServices(seen), Credentials: map[string]string{testAKID: testSecret, "AKID2": "s2"}})
	const workers, calls = 8, 25
	errs := make(chan error, workers*calls)
	var wg sync.WaitGroup
	for w := range workers {
		cfg := sdkConfig(srv.URL)
		if w%2 == 1 {
			cfg.Credentials = credentials.NewStaticCredentialsProvider("AKID2", "s2", "")
			cfg.Region = "eu-west-1"
		}
		client := eventbridge.NewFromConfig(cfg)
		wg.Go(func() {
			for range calls {
				if _, err := client.ListEventBuses(context.Background(), &eventbridge.ListEventBusesInput{}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(seen) != workers*calls {
		t.Errorf("%d calls reached the operation, want %d", len(seen), workers*calls)
	}
}

// TestSDKSchedulerREST drives the REST helper with the real Scheduler client, signed: path
// parameters (an ARN double-encoded when signed), query parameters, success and a 404 error.
func TestSDKSchedulerREST(t *testing.T) {
	const arn = "arn:aws:scheduler:us-east-1:111111111111:schedule/default/nightly"
	notFound := map[string]int{eventrail.CodeResourceNotFound: 404}
	routes := []RESTRoute{
		{Method: "GET", Pattern: "/schedules/{Name}", SigningName: "scheduler", Operation: "GetSchedule", Status: notFound,
			Handler: func(ctx context.Context, r *RESTRequest) (any, error) {
				if r.Params["Name"] != "nightly" {
					return nil, eventrail.Errorf(eventrail.CodeResourceNotFound, "Schedule %s does not exist.", r.Params["Name"])
				}
				return map[string]any{"Name": "nightly", "GroupName": r.Query.Get("groupName"), "Arn": arn, "State": "ENABLED"}, nil
			}},
		{Method: "GET", Pattern: "/tags/{ResourceArn}", SigningName: "scheduler", Operation: "ListTagsForResource", Status: notFound,
			Handler: func(ctx context.Context, r *RESTRequest) (any, error) {
				return map[string]any{"Tags": []map[string]string{{"Key": "arn", "Value": r.Params["ResourceArn"]}}}, nil
			}},
	}
	srv := newServer(t, Options{REST: routes, Credentials: map[string]string{testAKID: testSecret}, Region: "us-east-1"})
	client := scheduler.NewFromConfig(sdkConfig(srv.URL))
	ctx := context.Background()

	got, err := client.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("nightly"), GroupName: aws.String("ops team")})
	if err != nil {
		t.Fatalf("GetSchedule: %v", err)
	}
	if aws.ToString(got.GroupName) != "ops team" || aws.ToString(got.Arn) != arn || got.State != "ENABLED" {
		t.Errorf("GetSchedule = %+v", got)
	}
	tags, err := client.ListTagsForResource(ctx, &scheduler.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != arn {
		t.Errorf("ARN path parameter = %+v", tags.Tags)
	}
	_, err = client.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("gone")})
	var nf *schedtypes.ResourceNotFoundException
	var re *awshttp.ResponseError
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Schedule gone does not exist." ||
		!errors.As(err, &re) || re.HTTPStatusCode() != 404 || !uuidRE.MatchString(re.ServiceRequestID()) {
		t.Errorf("GetSchedule(gone) = %v", err)
	}
}
