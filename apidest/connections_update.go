package apidest

import (
	"context"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// UpdateConnectionInput is the UpdateConnection request; every member but Name is optional.
type UpdateConnectionInput struct {
	Name                             string          `json:"Name"`
	Description                      *string         `json:"Description,omitempty"`
	AuthorizationType                string          `json:"AuthorizationType,omitempty"`
	AuthParameters                   *AuthParameters `json:"AuthParameters,omitempty"`
	InvocationConnectivityParameters any             `json:"InvocationConnectivityParameters,omitempty"`
	KmsKeyIdentifier                 *string         `json:"KmsKeyIdentifier,omitempty"`
}

// UpdateConnection changes a connection. New credentials re-authorize it: BASIC and API_KEY at
// once, OAuth through a background token fetch (state AUTHORIZING until then).
func (s *Service) UpdateConnection(ctx context.Context, in *UpdateConnectionInput) (*UpdateConnectionOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeName)
	if in.Description != nil {
		checkStr(&v, *in.Description, "description", shapeDescription)
	}
	checkEnum(&v, in.AuthorizationType, "authorizationType", enumAuthType)
	if in.AuthParameters != nil {
		checkAuthParameters(&v, in.AuthParameters, false)
	}
	if in.KmsKeyIdentifier != nil {
		checkStr(&v, *in.KmsKeyIdentifier, "kmsKeyIdentifier", shapeKmsKey)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	const action = "update the connection(s)"
	var out connection
	err := s.mutateConnection(ctx, in.Name, "update", func(c *connection) error {
		next, err := s.updated(*c, in, action)
		if err != nil {
			return err
		}
		*c, out = next, next
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.drv.invalidate()
	s.authorizeLater(out)
	return stateOutput(out, out.State), nil
}

// updated returns c with the update applied, or the update's ValidationException.
func (s *Service) updated(c connection, in *UpdateConnectionInput, action string) (connection, error) {
	authType := c.AuthorizationType
	if in.AuthorizationType != "" {
		authType = in.AuthorizationType
	}
	if in.AuthParameters != nil {
		for _, b := range blocks(in.AuthParameters) {
			if b != blockName(authType) {
				return c, s.checkAuthBlocks(authType, in.AuthParameters, action)
			}
		}
		if o := in.AuthParameters.OAuthParameters; o != nil && o.AuthorizationEndpoint != "" {
			if err := s.checkEndpoint(o.AuthorizationEndpoint, action, "AuthorizationEndpoint"); err != nil {
				return c, err
			}
		}
	}
	auth := applyUpdate(c.Auth, authType, in.AuthParameters)
	auth.ConnectivityParameters = nil
	if !complete(authType, &auth) && (authType != c.AuthorizationType || !c.Wiped) {
		return c, validationError("Failed to %s. Reason: Authorization type %s requires %s, and only %s, in AuthParameters.",
			action, authType, blockName(authType), blockName(authType))
	}
	reauthorized := authType != c.AuthorizationType || in.AuthParameters != nil
	c.AuthorizationType, c.Auth = authType, auth
	if in.Description != nil {
		c.Description = *in.Description
	}
	if in.KmsKeyIdentifier != nil {
		c.KmsKeyIdentifier = *in.KmsKeyIdentifier
	}
	c.LastModifiedTime = s.now()
	if reauthorized && complete(authType, &auth) {
		c.Wiped = false
		c.State, c.StateReason = initialState(authType), ""
		c.LastAuthorizedTime = c.LastModifiedTime
	}
	return c, nil
}

// ListConnectionsInput is the ListConnections request.
type ListConnectionsInput struct {
	NamePrefix      string `json:"NamePrefix,omitempty"`
	ConnectionState string `json:"ConnectionState,omitempty"`
	NextToken       string `json:"NextToken,omitempty"`
	Limit           *int   `json:"Limit,omitempty"`
}

// ConnectionSummary is one entry of ListConnections.
type ConnectionSummary struct {
	ConnectionArn      string             `json:"ConnectionArn,omitempty"`
	Name               string             `json:"Name,omitempty"`
	ConnectionState    string             `json:"ConnectionState,omitempty"`
	StateReason        string             `json:"StateReason,omitempty"`
	AuthorizationType  string             `json:"AuthorizationType,omitempty"`
	CreationTime       *awsjson.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime   *awsjson.Timestamp `json:"LastModifiedTime,omitempty"`
	LastAuthorizedTime *awsjson.Timestamp `json:"LastAuthorizedTime,omitempty"`
}

// ListConnectionsOutput is the ListConnections response.
type ListConnectionsOutput struct {
	Connections []ConnectionSummary `json:"Connections"`
	NextToken   string              `json:"NextToken,omitempty"`
}

// ListConnections lists connections by name, filtered by NamePrefix and ConnectionState.
func (s *Service) ListConnections(ctx context.Context, in *ListConnectionsInput) (*ListConnectionsOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.NamePrefix, "namePrefix", shapeName)
	checkEnum(&v, in.ConnectionState, "connectionState", enumConnState)
	checkStr(&v, in.NextToken, "nextToken", shapeNextToken)
	checkLimit(&v, in.Limit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	all, err := listJSON[connection](ctx, s, eventrail.KeyConnectionPrefix+in.NamePrefix)
	if err != nil {
		return nil, err
	}
	kept := all[:0]
	for _, c := range all {
		if strings.HasPrefix(c.Name, in.NamePrefix) && (in.ConnectionState == "" || c.State == in.ConnectionState) {
			kept = append(kept, c)
		}
	}
	items, next, err := page(kept, func(c connection) string { return c.Name }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &ListConnectionsOutput{Connections: make([]ConnectionSummary, 0, len(items)), NextToken: next}
	for _, c := range items {
		out.Connections = append(out.Connections, ConnectionSummary{
			ConnectionArn: c.Arn, Name: c.Name, ConnectionState: c.State, StateReason: c.StateReason,
			AuthorizationType: c.AuthorizationType, CreationTime: epoch(c.CreationTime),
			LastModifiedTime: epoch(c.LastModifiedTime), LastAuthorizedTime: epoch(c.LastAuthorizedTime),
		})
	}
	return out, nil
}
