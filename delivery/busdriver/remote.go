package busdriver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/eventrail/eventrail"
)

// Remote is an EventBridge-compatible endpoint serving a bus.
type Remote struct {
	Endpoint        string // base URL, e.g. "https://events.eu-west-1.amazonaws.com"
	Region          string // signing region
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// HTTPClient, when set, sends the requests (default: the SDK's).
	HTTPClient *http.Client
}

type remoteClient struct{ c *eventbridge.Client }

func newRemoteClient(r Remote) (*remoteClient, error) {
	if r.Endpoint == "" || r.Region == "" {
		return nil, errors.New("Endpoint and Region are required")
	}
	o := eventbridge.Options{
		Region:       r.Region,
		BaseEndpoint: aws.String(r.Endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(r.AccessKeyID, r.SecretAccessKey, r.SessionToken),
		Retryer:      aws.NopRetryer{},
	}
	if r.HTTPClient != nil {
		o.HTTPClient = r.HTTPClient
	}
	return &remoteClient{c: eventbridge.New(o)}, nil
}

// put sends ev to the remote bus arn with PutEvents.
func (rc *remoteClient) put(ctx context.Context, arn string, ev eventrail.Event) error {
	entry := types.PutEventsRequestEntry{
		EventBusName: aws.String(arn),
		Source:       aws.String(ev.Source),
		DetailType:   aws.String(ev.DetailType),
		Detail:       aws.String(string(ev.Detail)),
		Resources:    ev.Resources,
	}
	if !ev.Time.IsZero() {
		entry.Time = aws.Time(ev.Time)
	}
	if ev.TraceHeader != "" {
		entry.TraceHeader = aws.String(ev.TraceHeader)
	}
	out, err := rc.c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{entry}})
	if err != nil {
		return classifyRemote(err)
	}
	if out.FailedEntryCount > 0 && len(out.Entries) > 0 {
		e := out.Entries[0]
		return classifyEntry(aws.ToString(e.ErrorCode), aws.ToString(e.ErrorMessage))
	}
	return nil
}

// classifyEntry maps a PutEvents per-entry failure: throttling and internal failures may pass.
func classifyEntry(code, msg string) error {
	switch code {
	case "ThrottlingException":
		return &eventrail.DeliveryError{Code: CodeThrottling, Message: msg, Retryable: true}
	case "InternalFailure", "InternalException":
		return &eventrail.DeliveryError{Code: CodeInternal, Message: msg, Retryable: true}
	}
	return &eventrail.DeliveryError{Code: CodeClientError, Message: fmt.Sprintf("%s: %s", code, msg)}
}

// classifyRemote maps a PutEvents call failure.
func classifyRemote(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &eventrail.DeliveryError{Code: CodeTimeout, Message: err.Error(), Retryable: true}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return &eventrail.DeliveryError{Code: CodeNoResource, Message: err.Error()}
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "ResourceNotFoundException":
			return &eventrail.DeliveryError{Code: CodeNoResource, Message: api.ErrorMessage()}
		case "ThrottlingException", "LimitExceededException":
			return &eventrail.DeliveryError{Code: CodeThrottling, Message: api.ErrorMessage(), Retryable: true}
		case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
			"MissingAuthenticationTokenException", "ExpiredTokenException", "IncompleteSignatureException":
			return &eventrail.DeliveryError{Code: CodeNoPermission, Message: api.ErrorMessage()}
		}
		var re *smithyhttp.ResponseError
		if errors.As(err, &re) && re.HTTPStatusCode() < 500 {
			return &eventrail.DeliveryError{Code: CodeClientError, Message: err.Error()}
		}
		return &eventrail.DeliveryError{Code: CodeInternal, Message: err.Error(), Retryable: true}
	}
	return &eventrail.DeliveryError{Code: CodeClientError, Message: err.Error(), Retryable: true}
}
