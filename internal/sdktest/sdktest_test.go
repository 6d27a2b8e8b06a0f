package sdktest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/eventrail/eventrail"
)

type in struct{ Name string }
type out struct{}

func TestEventsClientServesOperations(t *testing.T) {
	c := EventsClient(t, map[string]any{"DescribeEventBus": func(_ context.Context, i *in) (*out, error) {
		return nil, eventrail.ErrBusNotFound(i.Name)
	}})
	_, err := c.DescribeEventBus(context.Background(), &eventbridge.DescribeEventBusInput{Name: aws.String("x")})
	WantAPIError(t, err, "ResourceNotFoundException", "Event bus x does not exist.")
}
