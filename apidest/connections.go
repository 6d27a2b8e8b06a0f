package apidest

import (
	"context"
	"errors"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// CreateConnectionInput is the CreateConnection request.
type CreateConnectionInput struct {
	Name                             string          `json:"Name"`
	Description                      string          `json:"Description,omitempty"`
	AuthorizationType                string          `json:"AuthorizationType"`
	AuthParameters                   *AuthParameters `json:"AuthParameters"`
	InvocationConnectivityParameters any             `json:"InvocationConnectivityParameters,omitempty"`
	KmsKeyIdentifier                 string          `json:"KmsKeyIdentifier,omitempty"`
}

// ConnectionStateOutput is the response of CreateConnection, UpdateConnection,
// DeleteConnection and DeauthorizeConnection (CreateConnection has no LastAuthorizedTime).
type ConnectionStateOutput struct {
	ConnectionArn      string             `json:"ConnectionArn,omitempty"`
	ConnectionState    string             `json:"ConnectionState,omitempty"`
	CreationTime       *awsjson.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime   *awsjson.Timestamp `json:"LastModifiedTime,omitempty"`
	LastAuthorizedTime *awsjson.Timestamp `json:"LastAuthorizedTime,omitempty"`
}

// The per-operation output names, as the API model has them.
type (
	CreateConnectionOutput      = ConnectionStateOutput
	UpdateConnectionOutput      = ConnectionStateOutput
	DeleteConnectionOutput      = ConnectionStateOutput
	DeauthorizeConnectionOutput = ConnectionStateOutput
)

// CreateConnection creates a connection. BASIC and API_KEY connections are AUTHORIZED at once;
// OAuth connections start AUTHORIZING and a background token fetch moves them to AUTHORIZED
// or DEAUTHORIZED.
func (s *Service) CreateConnection(ctx context.Context, in *CreateConnectionInput) (*CreateConnectionOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeName)
	checkStr(&v, in.Description, "description", shapeDescription)
	if in.AuthorizationType == "" {
		v.AddNull("authorizationType")
	} else {
		checkEnum(&v, in.AuthorizationType, "authorizationType", enumAuthType)
	}
	if in.AuthParameters == nil {
		v.AddNull("authParameters")
	} else {
		checkAuthParameters(&v, in.AuthParameters, true)
	}
	checkStr(&v, in.KmsKeyIdentifier, "kmsKeyIdentifier", shapeKmsKey)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.checkAuthBlocks(in.AuthorizationType, in.AuthParameters, "create the connection(s)"); err != nil {
		return nil, err
	}
	now := s.now()
	c := connection{
		Name: in.Name, Arn: s.connectionARN(in.Name), Description: in.Description,
		AuthorizationType: in.AuthorizationType, Auth: *in.AuthParameters,
		SecretArn: s.secretARN(in.Name), KmsKeyIdentifier: in.KmsKeyIdentifier,
		CreationTime: now, LastModifiedTime: now, LastAuthorizedTime: now,
	}
	c.Auth.ConnectivityParameters = nil
	c.State = initialState(c.AuthorizationType)
	if _, err := s.kv.Create(ctx, eventrail.ConnectionKey(c.Name), s.encodeConnection(c)); err != nil {
		if errors.Is(err, eventrail.ErrExists) {
			return nil, eventrail.Errorf(eventrail.CodeResourceAlreadyExists, "Connection %s already exists.", c.Name)
		}
		return nil, err
	}
	s.drv.invalidate()
	s.authorizeLater(c)
	return &CreateConnectionOutput{
		ConnectionArn: c.Arn, ConnectionState: c.State,
		CreationTime: epoch(c.CreationTime), LastModifiedTime: epoch(c.LastModifiedTime),
	}, nil
}

// initialState is the state of a connection whose credentials were just set.
func initialState(authType string) string {
	if authType == AuthOAuth {
		return StateAuthorizing
	}
	return StateAuthorized
}

// ConnectionNameInput is the request of DescribeConnection, DeleteConnection and
// DeauthorizeConnection.
type ConnectionNameInput struct {
	Name string `json:"Name"`
}

// The per-operation input names, as the API model has them.
type (
	DescribeConnectionInput    = ConnectionNameInput
	DeleteConnectionInput      = ConnectionNameInput
	DeauthorizeConnectionInput = ConnectionNameInput
)

// DescribeConnectionOutput is the DescribeConnection response; secrets are never included.
type DescribeConnectionOutput struct {
	ConnectionArn      string             `json:"ConnectionArn,omitempty"`
	Name               string             `json:"Name,omitempty"`
	Description        string             `json:"Description,omitempty"`
	ConnectionState    string             `json:"ConnectionState,omitempty"`
	StateReason        string             `json:"StateReason,omitempty"`
	AuthorizationType  string             `json:"AuthorizationType,omitempty"`
	SecretArn          string             `json:"SecretArn,omitempty"`
	KmsKeyIdentifier   string             `json:"KmsKeyIdentifier,omitempty"`
	AuthParameters     *AuthParameters    `json:"AuthParameters,omitempty"`
	CreationTime       *awsjson.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime   *awsjson.Timestamp `json:"LastModifiedTime,omitempty"`
	LastAuthorizedTime *awsjson.Timestamp `json:"LastAuthorizedTime,omitempty"`
}

// DescribeConnection returns a connection without its secrets.
func (s *Service) DescribeConnection(ctx context.Context, in *DescribeConnectionInput) (*DescribeConnectionOutput, error) {
	if err := checkNameInput(in.Name); err != nil {
		return nil, err
	}
	c, _, err := s.getConnection(ctx, in.Name, "describe")
	if err != nil {
		return nil, err
	}
	auth := redact(c.Auth)
	return &DescribeConnectionOutput{
		ConnectionArn: c.Arn, Name: c.Name, Description: c.Description,
		ConnectionState: c.State, StateReason: c.StateReason, AuthorizationType: c.AuthorizationType,
		SecretArn: c.SecretArn, KmsKeyIdentifier: c.KmsKeyIdentifier, AuthParameters: &auth,
		CreationTime: epoch(c.CreationTime), LastModifiedTime: epoch(c.LastModifiedTime),
		LastAuthorizedTime: epoch(c.LastAuthorizedTime),
	}, nil
}

// checkNameInput validates the Name of the by-name operations.
func checkNameInput(name string) error {
	var v eventrail.Violations
	requireStr(&v, name, "name", shapeName)
	return v.Err()
}

// DeleteConnection deletes a connection; the response shows it DELETING, as AWS does.
func (s *Service) DeleteConnection(ctx context.Context, in *DeleteConnectionInput) (*DeleteConnectionOutput, error) {
	if err := checkNameInput(in.Name); err != nil {
		return nil, err
	}
	c, _, err := s.getConnection(ctx, in.Name, "delete")
	if err != nil {
		return nil, err
	}
	if err := s.kv.Delete(ctx, eventrail.ConnectionKey(in.Name)); err != nil {
		return nil, err
	}
	if err := s.kv.Delete(ctx, eventrail.TagsKey(c.Arn)); err != nil {
		return nil, err
	}
	s.drv.invalidate()
	return stateOutput(c, StateDeleting), nil
}

// DeauthorizeConnection wipes a connection's credentials; it stays DEAUTHORIZED (and its
// destinations fail) until UpdateConnection supplies new ones.
func (s *Service) DeauthorizeConnection(ctx context.Context, in *DeauthorizeConnectionInput) (*DeauthorizeConnectionOutput, error) {
	if err := checkNameInput(in.Name); err != nil {
		return nil, err
	}
	var out *connection
	err := s.mutateConnection(ctx, in.Name, "deauthorize", func(c *connection) error {
		c.Auth = wipe(c.Auth)
		c.Wiped = true
		c.State, c.StateReason = StateDeauthorized, ""
		c.LastModifiedTime = s.now()
		out = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.drv.invalidate()
	return stateOutput(*out, StateDeauthorizing), nil
}

func stateOutput(c connection, state string) *ConnectionStateOutput {
	return &ConnectionStateOutput{
		ConnectionArn: c.Arn, ConnectionState: state,
		CreationTime: epoch(c.CreationTime), LastModifiedTime: epoch(c.LastModifiedTime),
		LastAuthorizedTime: epoch(c.LastAuthorizedTime),
	}
}

// errConnectionNotFound is AWS's message for a missing connection; action is the verb of the
// failing operation ("describe", "update", ...).
func errConnectionNotFound(action, name string) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeResourceNotFound,
		"Failed to %s the connection(s). Connection '%s' does not exist.", action, name)
}
