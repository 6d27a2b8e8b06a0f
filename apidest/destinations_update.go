package apidest

import (
	"context"
	"strings"

	"github.com/eventrail/eventrail"
)

// UpdateApiDestinationInput is the UpdateApiDestination request; every member but Name is
// optional.
type UpdateApiDestinationInput struct {
	Name                         string  `json:"Name"`
	Description                  *string `json:"Description,omitempty"`
	ConnectionArn                string  `json:"ConnectionArn,omitempty"`
	InvocationEndpoint           string  `json:"InvocationEndpoint,omitempty"`
	HttpMethod                   string  `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond *int    `json:"InvocationRateLimitPerSecond,omitempty"`
}

// UpdateApiDestination changes an API destination.
func (s *Service) UpdateApiDestination(ctx context.Context, in *UpdateApiDestinationInput) (*UpdateApiDestinationOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeName)
	if in.Description != nil {
		checkStr(&v, *in.Description, "description", shapeDescription)
	}
	checkStr(&v, in.ConnectionArn, "connectionArn", shapeConnArn)
	checkStr(&v, in.InvocationEndpoint, "invocationEndpoint", shapeEndpoint)
	checkEnum(&v, in.HttpMethod, "httpMethod", enumDestMethod)
	checkMin(&v, in.InvocationRateLimitPerSecond, "invocationRateLimitPerSecond", 1)
	if err := v.Err(); err != nil {
		return nil, err
	}
	const action = "update the api-destination(s)"
	if in.InvocationEndpoint != "" {
		if err := s.checkEndpoint(in.InvocationEndpoint, action, "InvocationEndpoint"); err != nil {
			return nil, err
		}
	}
	if in.ConnectionArn != "" {
		if _, err := s.connectionOf(ctx, in.ConnectionArn, action); err != nil {
			return nil, err
		}
	}
	var out destination
	err := s.mutateDestination(ctx, in.Name, "update", func(d *destination) error {
		if in.Description != nil {
			d.Description = *in.Description
		}
		setIf(&d.ConnectionArn, in.ConnectionArn)
		setIf(&d.InvocationEndpoint, in.InvocationEndpoint)
		setIf(&d.HttpMethod, in.HttpMethod)
		if in.InvocationRateLimitPerSecond != nil {
			d.RateLimit = *in.InvocationRateLimitPerSecond
		}
		d.LastModifiedTime = s.now()
		out = *d
		return nil
	})
	if err != nil {
		return nil, err
	}
	conn, err := s.connectionOf(ctx, out.ConnectionArn, action)
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		return nil, err
	}
	s.drv.invalidate()
	s.announce(out.Arn, s.rateOf(&out))
	return &UpdateApiDestinationOutput{
		ApiDestinationArn: out.Arn, ApiDestinationState: destinationState(conn),
		CreationTime: epoch(out.CreationTime), LastModifiedTime: epoch(out.LastModifiedTime),
	}, nil
}

// ListApiDestinationsInput is the ListApiDestinations request.
type ListApiDestinationsInput struct {
	NamePrefix    string `json:"NamePrefix,omitempty"`
	ConnectionArn string `json:"ConnectionArn,omitempty"`
	NextToken     string `json:"NextToken,omitempty"`
	Limit         *int   `json:"Limit,omitempty"`
}

// ListApiDestinationsOutput is the ListApiDestinations response.
type ListApiDestinationsOutput struct {
	ApiDestinations []ApiDestination `json:"ApiDestinations"`
	NextToken       string           `json:"NextToken,omitempty"`
}

// ListApiDestinations lists API destinations by name, filtered by NamePrefix and ConnectionArn.
func (s *Service) ListApiDestinations(ctx context.Context, in *ListApiDestinationsInput) (*ListApiDestinationsOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.NamePrefix, "namePrefix", shapeName)
	checkStr(&v, in.ConnectionArn, "connectionArn", shapeConnArn)
	checkStr(&v, in.NextToken, "nextToken", shapeNextToken)
	checkLimit(&v, in.Limit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	all, err := listJSON[destination](ctx, s, eventrail.KeyAPIDestinationPrefix+in.NamePrefix)
	if err != nil {
		return nil, err
	}
	kept := all[:0]
	for _, d := range all {
		if strings.HasPrefix(d.Name, in.NamePrefix) && (in.ConnectionArn == "" || d.ConnectionArn == in.ConnectionArn) {
			kept = append(kept, d)
		}
	}
	items, next, err := page(kept, func(d destination) string { return d.Name }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	conns, err := listJSON[connection](ctx, s, eventrail.KeyConnectionPrefix)
	if err != nil {
		return nil, err
	}
	byArn := make(map[string]*connection, len(conns))
	for i := range conns {
		byArn[conns[i].Arn] = &conns[i]
	}
	out := &ListApiDestinationsOutput{ApiDestinations: make([]ApiDestination, 0, len(items)), NextToken: next}
	for i := range items {
		view := s.view(&items[i], byArn[items[i].ConnectionArn])
		view.Description = ""
		out.ApiDestinations = append(out.ApiDestinations, view)
	}
	return out, nil
}
