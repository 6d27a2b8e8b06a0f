package sdktest

import (
	"context"
	"encoding/json"
	"github.com/eventrail/eventrail/internal/sdktest"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/apidest"
	"github.com/eventrail/eventrail/memstore"
)

// setup serves an apidest.Service through the awsjson edge and returns an SDK client for it.
func setup(t *testing.T) (*eventbridge.Client, *apidest.Service) {
	t.Helper()
	st := memstore.New()
	t.Cleanup(func() { st.Close() })
	kv, err := st.KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := apidest.New(apidest.Options{Account: eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "111111111111"},
		KV: kv, AllowHTTP: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return sdktest.EventsClient(t, svc.Operations()), svc
}

func TestSDKConnectionsAndDestinations(t *testing.T) {
	client, svc := setup(t)
	ctx := context.Background()
	var got []string
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+r.Header.Get("X-Team")+" "+string(b))
	}))
	defer target.Close()

	before := time.Now().Add(-time.Second)
	cc, err := client.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("conn"), AuthorizationType: ebtypes.ConnectionAuthorizationTypeBasic,
		AuthParameters: &ebtypes.CreateConnectionAuthRequestParameters{
			BasicAuthParameters: &ebtypes.CreateConnectionBasicAuthRequestParameters{Username: aws.String("user"), Password: aws.String("pass")},
			InvocationHttpParameters: &ebtypes.ConnectionHttpParameters{HeaderParameters: []ebtypes.ConnectionHeaderParameter{
				{Key: aws.String("X-Team"), Value: aws.String("blue"), IsValueSecret: true}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cc.ConnectionState != ebtypes.ConnectionStateAuthorized || cc.CreationTime.Before(before) || !strings.Contains(*cc.ConnectionArn, ":connection/conn/") {
		t.Fatalf("create: %+v", cc)
	}
	dc, err := client.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("conn")})
	if err != nil {
		t.Fatal(err)
	}
	hp := dc.AuthParameters.InvocationHttpParameters.HeaderParameters
	if *dc.AuthParameters.BasicAuthParameters.Username != "user" || len(hp) != 1 || hp[0].Value != nil || !hp[0].IsValueSecret ||
		!strings.Contains(*dc.SecretArn, ":secret:events!connection/conn/") || dc.LastAuthorizedTime == nil {
		t.Fatalf("describe: %+v", dc)
	}
	lc, err := client.ListConnections(ctx, &eventbridge.ListConnectionsInput{NamePrefix: aws.String("co")})
	if err != nil || len(lc.Connections) != 1 || *lc.Connections[0].Name != "conn" {
		t.Fatalf("list: %+v %v", lc, err)
	}

	cd, err := client.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("dest"), ConnectionArn: cc.ConnectionArn, HttpMethod: ebtypes.ApiDestinationHttpMethodPut,
		InvocationEndpoint: aws.String(target.URL + "/orders/*"),
	})
	if err != nil || cd.ApiDestinationState != ebtypes.ApiDestinationStateActive {
		t.Fatalf("create destination: %+v %v", cd, err)
	}
	dd, err := client.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("dest")})
	if err != nil || *dd.InvocationRateLimitPerSecond != 300 || dd.HttpMethod != ebtypes.ApiDestinationHttpMethodPut {
		t.Fatalf("describe destination: %+v %v", dd, err)
	}
	h := &eventrail.Handoff{Payload: []byte(`{"x":1}`), Event: []byte(`{"detail":{"id":"o-9"}}`),
		Target: eventrail.Target{Arn: *cd.ApiDestinationArn, HttpParameters: &eventrail.HttpParameters{PathParameterValues: []string{"$.detail.id"}}}}
	if err := svc.Driver().Deliver(ctx, h); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != `PUT /orders/o-9 Basic dXNlcjpwYXNz blue {"x":1}` {
		t.Fatalf("target received %q", got)
	}
	_, err = client.UpdateApiDestination(ctx, &eventbridge.UpdateApiDestinationInput{Name: aws.String("dest"), InvocationRateLimitPerSecond: aws.Int32(20)})
	if err != nil {
		t.Fatal(err)
	}
	la, err := client.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{ConnectionArn: cc.ConnectionArn})
	if err != nil || len(la.ApiDestinations) != 1 || *la.ApiDestinations[0].InvocationRateLimitPerSecond != 20 {
		t.Fatalf("list destinations: %+v %v", la, err)
	}
	if _, err := client.DeleteApiDestination(ctx, &eventbridge.DeleteApiDestinationInput{Name: aws.String("dest")}); err != nil {
		t.Fatal(err)
	}
	_, err = client.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("dest")})
	sdktest.WantAPIError(t, err, "ResourceNotFoundException", "Failed to describe the api-destination(s). An api-destination 'dest' does not exist.")

	de, err := client.DeauthorizeConnection(ctx, &eventbridge.DeauthorizeConnectionInput{Name: aws.String("conn")})
	if err != nil || de.ConnectionState != ebtypes.ConnectionStateDeauthorizing {
		t.Fatalf("deauthorize: %+v %v", de, err)
	}
	del, err := client.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String("conn")})
	if err != nil || del.ConnectionState != ebtypes.ConnectionStateDeleting {
		t.Fatalf("delete: %+v %v", del, err)
	}
	_, err = client.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("conn")})
	sdktest.WantAPIError(t, err, "ResourceNotFoundException", "Failed to describe the connection(s). Connection 'conn' does not exist.")
	_, err = client.CreateConnection(ctx, &eventbridge.CreateConnectionInput{Name: aws.String("x"), AuthorizationType: "INVALID_AUTH_TYPE",
		AuthParameters: &ebtypes.CreateConnectionAuthRequestParameters{}})
	sdktest.WantAPIError(t, err, "ValidationException", "1 validation error detected: Value 'INVALID_AUTH_TYPE' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]")
	raw, _ := json.Marshal(dc)
	if strings.Contains(string(raw), "pass") {
		t.Fatal("secret in Describe")
	}
}
