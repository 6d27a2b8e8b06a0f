package awsjson_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

type describeBusInput struct {
	Name string `json:"Name"`
}

type describeBusOutput struct {
	Name string `json:"Name"`
	Arn  string `json:"Arn"`
}

func describeBus(ctx context.Context, in *describeBusInput) (*describeBusOutput, error) {
	if in.Name != "default" {
		return nil, eventrail.ErrBusNotFound(in.Name)
	}
	return &describeBusOutput{Name: "default", Arn: "arn:aws:events:us-east-1:000000000000:event-bus/default"}, nil
}

func ExampleNewHandler() {
	events := &awsjson.Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
	events.Register("DescribeEventBus", describeBus)
	h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{events}})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	for _, body := range []string{`{"Name":"default"}`, `{"Name":"orders"}`} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSEvents.DescribeEventBus")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, string(out))
	}
	// Output:
	// 200 {"Name":"default","Arn":"arn:aws:events:us-east-1:000000000000:event-bus/default"}
	// 400 {"__type":"ResourceNotFoundException","message":"Event bus orders does not exist."}
}
