package apidest

import (
	"time"

	"github.com/eventrail/eventrail/awsjson"
)

// Authorization types of a connection (ConnectionAuthorizationType).
const (
	AuthBasic  = "BASIC"
	AuthOAuth  = "OAUTH_CLIENT_CREDENTIALS"
	AuthAPIKey = "API_KEY"
)

// Connection states (ConnectionState) eventrail uses.
const (
	StateAuthorized    = "AUTHORIZED"
	StateAuthorizing   = "AUTHORIZING"
	StateDeauthorized  = "DEAUTHORIZED"
	StateDeauthorizing = "DEAUTHORIZING"
	StateDeleting      = "DELETING"
)

// API destination states.
const (
	DestinationActive   = "ACTIVE"
	DestinationInactive = "INACTIVE"
)

// AuthParameters is a connection's AuthParameters member: exactly one of the three auth blocks
// (matching AuthorizationType) plus optional InvocationHttpParameters. The same type serves the
// create request, the update request (every member optional) and the Describe response (secrets
// removed).
type AuthParameters struct {
	BasicAuthParameters      *BasicAuthParameters  `json:"BasicAuthParameters,omitempty"`
	OAuthParameters          *OAuthParameters      `json:"OAuthParameters,omitempty"`
	ApiKeyAuthParameters     *ApiKeyAuthParameters `json:"ApiKeyAuthParameters,omitempty"`
	InvocationHttpParameters *HttpParameters       `json:"InvocationHttpParameters,omitempty"`
	// ConnectivityParameters (private APIs through VPC Lattice) are accepted and ignored.
	ConnectivityParameters any `json:"ConnectivityParameters,omitempty"`
}

// BasicAuthParameters are HTTP Basic credentials; Password is never returned by Describe.
type BasicAuthParameters struct {
	Username string `json:"Username,omitempty"`
	Password string `json:"Password,omitempty"`
}

// ApiKeyAuthParameters name the header an API key is sent in; ApiKeyValue is never returned.
type ApiKeyAuthParameters struct {
	ApiKeyName  string `json:"ApiKeyName,omitempty"`
	ApiKeyValue string `json:"ApiKeyValue,omitempty"`
}

// OAuthParameters configure the OAuth client-credentials flow; ClientSecret is never returned.
type OAuthParameters struct {
	ClientParameters      *ClientParameters `json:"ClientParameters,omitempty"`
	AuthorizationEndpoint string            `json:"AuthorizationEndpoint,omitempty"`
	HttpMethod            string            `json:"HttpMethod,omitempty"`
	OAuthHttpParameters   *HttpParameters   `json:"OAuthHttpParameters,omitempty"`
}

// ClientParameters are the OAuth client id and secret.
type ClientParameters struct {
	ClientID     string `json:"ClientID,omitempty"`
	ClientSecret string `json:"ClientSecret,omitempty"`
}

// HttpParameters are a connection's extra headers, query-string and body parameters
// (ConnectionHttpParameters).
type HttpParameters struct {
	HeaderParameters      []Parameter `json:"HeaderParameters,omitempty"`
	QueryStringParameters []Parameter `json:"QueryStringParameters,omitempty"`
	BodyParameters        []Parameter `json:"BodyParameters,omitempty"`
}

// Parameter is one ConnectionHeaderParameter / ConnectionQueryStringParameter /
// ConnectionBodyParameter. Values flagged IsValueSecret are never returned by Describe.
type Parameter struct {
	Key           string `json:"Key,omitempty"`
	Value         string `json:"Value,omitempty"`
	IsValueSecret bool   `json:"IsValueSecret"`
}

// connection is a connection as stored at ConnectionKey, secrets included.
type connection struct {
	Name               string         `json:"Name"`
	Arn                string         `json:"Arn"`
	Description        string         `json:"Description,omitempty"`
	AuthorizationType  string         `json:"AuthorizationType"`
	Auth               AuthParameters `json:"Auth"`
	State              string         `json:"State"`
	StateReason        string         `json:"StateReason,omitempty"`
	SecretArn          string         `json:"SecretArn"`
	KmsKeyIdentifier   string         `json:"KmsKeyIdentifier,omitempty"`
	CreationTime       time.Time      `json:"CreationTime"`
	LastModifiedTime   time.Time      `json:"LastModifiedTime"`
	LastAuthorizedTime time.Time      `json:"LastAuthorizedTime"`
	// Wiped is set by DeauthorizeConnection: the credentials are gone until an update
	// supplies new ones.
	Wiped bool `json:"Wiped,omitempty"`
	// Sealed holds the full AuthParameters encrypted when Options.SecretKey is set (Auth
	// then keeps only the redacted ones).
	Sealed []byte `json:"Sealed,omitempty"`
	// keyless is set on a sealed connection read without its key: Auth is redacted.
	keyless bool
}

// destination is an API destination as stored at DestinationKey.
type destination struct {
	Name               string    `json:"Name"`
	Arn                string    `json:"Arn"`
	Description        string    `json:"Description,omitempty"`
	ConnectionArn      string    `json:"ConnectionArn"`
	InvocationEndpoint string    `json:"InvocationEndpoint"`
	HttpMethod         string    `json:"HttpMethod"`
	RateLimit          int       `json:"RateLimit,omitempty"` // 0: not set (the default applies)
	CreationTime       time.Time `json:"CreationTime"`
	LastModifiedTime   time.Time `json:"LastModifiedTime"`
}

// epoch renders a time for the wire (omitted when zero).
func epoch(t time.Time) *awsjson.Timestamp {
	if t.IsZero() {
		return nil
	}
	return &awsjson.Timestamp{Time: t}
}
