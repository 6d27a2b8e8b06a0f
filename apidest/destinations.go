package apidest

import (
	"context"
	"errors"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// CreateApiDestinationInput is the CreateApiDestination request.
type CreateApiDestinationInput struct {
	Name                         string `json:"Name"`
	Description                  string `json:"Description,omitempty"`
	ConnectionArn                string `json:"ConnectionArn"`
	InvocationEndpoint           string `json:"InvocationEndpoint"`
	HttpMethod                   string `json:"HttpMethod"`
	InvocationRateLimitPerSecond *int   `json:"InvocationRateLimitPerSecond,omitempty"`
}

// DestinationStateOutput is the response of CreateApiDestination and UpdateApiDestination.
type DestinationStateOutput struct {
	ApiDestinationArn   string             `json:"ApiDestinationArn,omitempty"`
	ApiDestinationState string             `json:"ApiDestinationState,omitempty"`
	CreationTime        *awsjson.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime    *awsjson.Timestamp `json:"LastModifiedTime,omitempty"`
}

// The per-operation output names, as the API model has them.
type (
	CreateApiDestinationOutput = DestinationStateOutput
	UpdateApiDestinationOutput = DestinationStateOutput
)

// CreateApiDestination creates an API destination on an existing connection. It is ACTIVE when
// its connection is AUTHORIZED, INACTIVE otherwise.
func (s *Service) CreateApiDestination(ctx context.Context, in *CreateApiDestinationInput) (*CreateApiDestinationOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeName)
	checkStr(&v, in.Description, "description", shapeDescription)
	requireStr(&v, in.ConnectionArn, "connectionArn", shapeConnArn)
	requireStr(&v, in.InvocationEndpoint, "invocationEndpoint", shapeEndpoint)
	if in.HttpMethod == "" {
		v.AddNull("httpMethod")
	} else {
		checkEnum(&v, in.HttpMethod, "httpMethod", enumDestMethod)
	}
	checkMin(&v, in.InvocationRateLimitPerSecond, "invocationRateLimitPerSecond", 1)
	if err := v.Err(); err != nil {
		return nil, err
	}
	const action = "create the api-destination(s)"
	if err := s.checkEndpoint(in.InvocationEndpoint, action, "InvocationEndpoint"); err != nil {
		return nil, err
	}
	conn, err := s.connectionOf(ctx, in.ConnectionArn, action)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := destination{
		Name: in.Name, Arn: s.destinationARN(in.Name), Description: in.Description,
		ConnectionArn: in.ConnectionArn, InvocationEndpoint: in.InvocationEndpoint, HttpMethod: in.HttpMethod,
		CreationTime: now, LastModifiedTime: now,
	}
	if in.InvocationRateLimitPerSecond != nil {
		d.RateLimit = *in.InvocationRateLimitPerSecond
	}
	if _, err := s.kv.Create(ctx, eventrail.APIDestinationKey(d.Name), mustJSON(d)); err != nil {
		if errors.Is(err, eventrail.ErrExists) {
			return nil, eventrail.Errorf(eventrail.CodeResourceAlreadyExists, "An api-destination '%s' already exists.", d.Name)
		}
		return nil, err
	}
	s.drv.invalidate()
	s.announce(d.Arn, s.rateOf(&d))
	return &CreateApiDestinationOutput{
		ApiDestinationArn: d.Arn, ApiDestinationState: destinationState(conn),
		CreationTime: epoch(d.CreationTime), LastModifiedTime: epoch(d.LastModifiedTime),
	}, nil
}

// connectionOf reads the connection an ARN names; a missing one (or another incarnation of the
// name) is ResourceNotFoundException.
func (s *Service) connectionOf(ctx context.Context, arn, action string) (*connection, error) {
	name, _ := nameInARN(arn, "connection")
	var c connection
	_, found, err := s.getJSON(ctx, eventrail.ConnectionKey(name), &c)
	if err != nil {
		return nil, err
	}
	if !found || c.Arn != arn {
		return nil, eventrail.Errorf(eventrail.CodeResourceNotFound, "Failed to %s. Connection '%s' does not exist.", action, name)
	}
	return &c, nil
}

// destinationState is ACTIVE when the connection is authorized.
func destinationState(c *connection) string {
	if c != nil && c.State == StateAuthorized {
		return DestinationActive
	}
	return DestinationInactive
}

// ApiDestinationNameInput is the request of DescribeApiDestination and DeleteApiDestination.
type ApiDestinationNameInput struct {
	Name string `json:"Name"`
}

// The per-operation input names, as the API model has them.
type (
	DescribeApiDestinationInput = ApiDestinationNameInput
	DeleteApiDestinationInput   = ApiDestinationNameInput
)

// ApiDestination is the DescribeApiDestination response and one ListApiDestinations entry
// (which has no Description).
type ApiDestination struct {
	ApiDestinationArn            string             `json:"ApiDestinationArn,omitempty"`
	Name                         string             `json:"Name,omitempty"`
	Description                  string             `json:"Description,omitempty"`
	ApiDestinationState          string             `json:"ApiDestinationState,omitempty"`
	ConnectionArn                string             `json:"ConnectionArn,omitempty"`
	InvocationEndpoint           string             `json:"InvocationEndpoint,omitempty"`
	HttpMethod                   string             `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond *int               `json:"InvocationRateLimitPerSecond,omitempty"`
	CreationTime                 *awsjson.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime             *awsjson.Timestamp `json:"LastModifiedTime,omitempty"`
}

// DescribeApiDestinationOutput is the DescribeApiDestination response.
type DescribeApiDestinationOutput = ApiDestination

// DescribeApiDestination returns one API destination.
func (s *Service) DescribeApiDestination(ctx context.Context, in *DescribeApiDestinationInput) (*DescribeApiDestinationOutput, error) {
	if err := checkNameInput(in.Name); err != nil {
		return nil, err
	}
	d, _, err := s.getDestination(ctx, in.Name, "describe")
	if err != nil {
		return nil, err
	}
	conn, err := s.connectionOf(ctx, d.ConnectionArn, "describe the api-destination(s)")
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		return nil, err
	}
	out := s.view(&d, conn)
	return &out, nil
}

// view renders a stored destination for the wire.
func (s *Service) view(d *destination, conn *connection) ApiDestination {
	out := ApiDestination{
		ApiDestinationArn: d.Arn, Name: d.Name, Description: d.Description,
		ApiDestinationState: destinationState(conn), ConnectionArn: d.ConnectionArn,
		InvocationEndpoint: d.InvocationEndpoint, HttpMethod: d.HttpMethod,
		CreationTime: epoch(d.CreationTime), LastModifiedTime: epoch(d.LastModifiedTime),
	}
	if r := s.rateOf(d); r > 0 {
		out.InvocationRateLimitPerSecond = &r
	}
	return out
}

// DeleteApiDestinationOutput is the (empty) DeleteApiDestination response.
type DeleteApiDestinationOutput struct{}

// DeleteApiDestination deletes an API destination; invocations of it then fail with
// NO_RESOURCE.
func (s *Service) DeleteApiDestination(ctx context.Context, in *DeleteApiDestinationInput) (*DeleteApiDestinationOutput, error) {
	if err := checkNameInput(in.Name); err != nil {
		return nil, err
	}
	d, _, err := s.getDestination(ctx, in.Name, "delete")
	if err != nil {
		return nil, err
	}
	if err := s.kv.Delete(ctx, eventrail.APIDestinationKey(in.Name)); err != nil {
		return nil, err
	}
	if err := s.kv.Delete(ctx, eventrail.TagsKey(d.Arn)); err != nil {
		return nil, err
	}
	s.drv.invalidate()
	s.announce(d.Arn, 0)
	return &DeleteApiDestinationOutput{}, nil
}

// errDestinationNotFound is AWS's message for a missing API destination.
func errDestinationNotFound(action, name string) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeResourceNotFound,
		"Failed to %s the api-destination(s). An api-destination '%s' does not exist.", action, name)
}
