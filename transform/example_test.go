package transform_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/transform"
)

func ExampleCompile() {
	ev := eventrail.Event{ID: "7bf73129", DetailType: "EC2 Instance State-change Notification", Source: "aws.ec2",
		Account: "123456789012", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Region: "us-east-1",
		Detail: []byte(`{"instance-id":"i-0abc","state":"running"}`)}
	tr, err := transform.Compile(&eventrail.Target{Id: "sns", Arn: "arn:aws:sns:us-east-1:123456789012:t",
		InputTransformer: &eventrail.InputTransformer{
			InputPathsMap: map[string]string{"instance": "$.detail.instance-id", "state": "$.detail.state"},
			InputTemplate: `"<instance> is in state <state>"`,
		}})
	if err != nil {
		panic(err)
	}
	out, _ := tr.Apply(ev.Envelope(), transform.Context{RuleName: "r"})
	fmt.Println(string(out))
	// Output: "i-0abc is in state running"
}

func ExampleCompile_invalidPlaceholder() {
	_, err := transform.Compile(&eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:123456789012:q",
		InputTransformer: &eventrail.InputTransformer{InputTemplate: `{"x": <undefined>}`}})
	fmt.Println(err)
	// Output: ValidationException: InputTemplate for target t1 contains invalid placeholder undefined.
}

func ExampleTransformer_Apply_drop() {
	tr, _ := transform.Compile(&eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:123456789012:q",
		InputTransformer: &eventrail.InputTransformer{
			InputPathsMap: map[string]string{"d": "$.detail"},
			InputTemplate: `{"detail": "<d>"}`, // an object inside quotes: not JSON any more
		}})
	_, err := tr.Apply([]byte(`{"detail":{"a":1}}`), transform.Context{})
	fmt.Println(errors.Is(err, transform.ErrDrop))
	// Output: true
}
