package apidest

import (
	"github.com/eventrail/eventrail"
)

// checkAuthParameters validates the members of an AuthParameters block. create says whether
// the members the create request requires must be present (UpdateConnection's are optional).
func checkAuthParameters(v *eventrail.Violations, a *AuthParameters, create bool) {
	str := checkStr
	if create {
		str = requireStr
	}
	const p = "authParameters"
	if b := a.BasicAuthParameters; b != nil {
		str(v, b.Username, p+".basicAuthParameters.username", shapeAuthHeader)
		str(v, b.Password, p+".basicAuthParameters.password", shapeAuthSecret)
	}
	if o := a.OAuthParameters; o != nil {
		const op = p + ".oAuthParameters"
		if o.ClientParameters == nil && create {
			v.AddNull(op + ".clientParameters")
		} else if cp := o.ClientParameters; cp != nil {
			str(v, cp.ClientID, op+".clientParameters.clientID", shapeAuthHeader)
			str(v, cp.ClientSecret, op+".clientParameters.clientSecret", shapeAuthSecret)
		}
		str(v, o.AuthorizationEndpoint, op+".authorizationEndpoint", shapeEndpoint)
		if o.HttpMethod == "" && create {
			v.AddNull(op + ".httpMethod")
		} else {
			checkEnum(v, o.HttpMethod, op+".httpMethod", enumOAuthMethod)
		}
		checkHTTPParameters(v, o.OAuthHttpParameters, op+".oAuthHttpParameters")
	}
	if k := a.ApiKeyAuthParameters; k != nil {
		str(v, k.ApiKeyName, p+".apiKeyAuthParameters.apiKeyName", shapeAuthHeader)
		str(v, k.ApiKeyValue, p+".apiKeyAuthParameters.apiKeyValue", shapeAuthSecret)
	}
	checkHTTPParameters(v, a.InvocationHttpParameters, p+".invocationHttpParameters")
}

// blockName returns the AuthParameters member an authorization type uses.
func blockName(authType string) string {
	switch authType {
	case AuthBasic:
		return "BasicAuthParameters"
	case AuthOAuth:
		return "OAuthParameters"
	}
	return "ApiKeyAuthParameters"
}

// blocks lists the auth blocks present in a.
func blocks(a *AuthParameters) []string {
	var out []string
	if a.BasicAuthParameters != nil {
		out = append(out, "BasicAuthParameters")
	}
	if a.OAuthParameters != nil {
		out = append(out, "OAuthParameters")
	}
	if a.ApiKeyAuthParameters != nil {
		out = append(out, "ApiKeyAuthParameters")
	}
	return out
}

// checkAuthBlocks requires that a holds exactly the block authType uses (create), and checks
// the OAuth endpoint's scheme.
func (s *Service) checkAuthBlocks(authType string, a *AuthParameters, action string) error {
	have := blocks(a)
	want := blockName(authType)
	if len(have) != 1 || have[0] != want {
		return validationError("Failed to %s. Reason: Authorization type %s requires %s, and only %s, in AuthParameters.",
			action, authType, want, want)
	}
	if o := a.OAuthParameters; o != nil && o.AuthorizationEndpoint != "" {
		return s.checkEndpoint(o.AuthorizationEndpoint, action, "AuthorizationEndpoint")
	}
	return nil
}

// redact returns a copy of a without secrets: passwords, client secrets, API key values and
// parameter values flagged IsValueSecret. Describe shows nothing else.
func redact(a AuthParameters) AuthParameters {
	out := AuthParameters{}
	if b := a.BasicAuthParameters; b != nil {
		out.BasicAuthParameters = &BasicAuthParameters{Username: b.Username}
	}
	if k := a.ApiKeyAuthParameters; k != nil {
		out.ApiKeyAuthParameters = &ApiKeyAuthParameters{ApiKeyName: k.ApiKeyName}
	}
	if o := a.OAuthParameters; o != nil {
		c := *o
		if o.ClientParameters != nil {
			c.ClientParameters = &ClientParameters{ClientID: o.ClientParameters.ClientID}
		}
		c.OAuthHttpParameters = redactParams(o.OAuthHttpParameters)
		out.OAuthParameters = &c
	}
	out.InvocationHttpParameters = redactParams(a.InvocationHttpParameters)
	return out
}

func redactParams(p *HttpParameters) *HttpParameters {
	if p == nil {
		return nil
	}
	hide := func(list []Parameter) []Parameter {
		if list == nil {
			return nil
		}
		out := make([]Parameter, len(list))
		for i, q := range list {
			if q.IsValueSecret {
				q.Value = ""
			}
			out[i] = q
		}
		return out
	}
	return &HttpParameters{
		HeaderParameters:      hide(p.HeaderParameters),
		QueryStringParameters: hide(p.QueryStringParameters),
		BodyParameters:        hide(p.BodyParameters),
	}
}

// wipe returns a without any credential: what DeauthorizeConnection keeps.
func wipe(a AuthParameters) AuthParameters {
	out := redact(a)
	if a.BasicAuthParameters != nil {
		out.BasicAuthParameters = &BasicAuthParameters{}
	}
	return out
}

// applyUpdate merges an UpdateConnection AuthParameters block into cur. Members given replace
// the stored ones; a changed authorization type drops the other blocks.
func applyUpdate(cur AuthParameters, authType string, up *AuthParameters) AuthParameters {
	out := cur
	switch authType {
	case AuthBasic:
		out.OAuthParameters, out.ApiKeyAuthParameters = nil, nil
	case AuthOAuth:
		out.BasicAuthParameters, out.ApiKeyAuthParameters = nil, nil
	case AuthAPIKey:
		out.BasicAuthParameters, out.OAuthParameters = nil, nil
	}
	if up == nil {
		return out
	}
	if b := up.BasicAuthParameters; b != nil {
		n := BasicAuthParameters{}
		if out.BasicAuthParameters != nil {
			n = *out.BasicAuthParameters
		}
		setIf(&n.Username, b.Username)
		setIf(&n.Password, b.Password)
		out.BasicAuthParameters = &n
	}
	if k := up.ApiKeyAuthParameters; k != nil {
		n := ApiKeyAuthParameters{}
		if out.ApiKeyAuthParameters != nil {
			n = *out.ApiKeyAuthParameters
		}
		setIf(&n.ApiKeyName, k.ApiKeyName)
		setIf(&n.ApiKeyValue, k.ApiKeyValue)
		out.ApiKeyAuthParameters = &n
	}
	if o := up.OAuthParameters; o != nil {
		out.OAuthParameters = mergeOAuth(out.OAuthParameters, o)
	}
	if up.InvocationHttpParameters != nil {
		out.InvocationHttpParameters = up.InvocationHttpParameters
	}
	return out
}

func mergeOAuth(cur, up *OAuthParameters) *OAuthParameters {
	n := OAuthParameters{}
	if cur != nil {
		n = *cur
	}
	if cp := up.ClientParameters; cp != nil {
		c := ClientParameters{}
		if n.ClientParameters != nil {
			c = *n.ClientParameters
		}
		setIf(&c.ClientID, cp.ClientID)
		setIf(&c.ClientSecret, cp.ClientSecret)
		n.ClientParameters = &c
	}
	setIf(&n.AuthorizationEndpoint, up.AuthorizationEndpoint)
	setIf(&n.HttpMethod, up.HttpMethod)
	if up.OAuthHttpParameters != nil {
		n.OAuthHttpParameters = up.OAuthHttpParameters
	}
	return &n
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// complete reports whether the block authType uses holds every credential it needs.
func complete(authType string, a *AuthParameters) bool {
	switch authType {
	case AuthBasic:
		b := a.BasicAuthParameters
		return b != nil && b.Username != "" && b.Password != ""
	case AuthAPIKey:
		k := a.ApiKeyAuthParameters
		return k != nil && k.ApiKeyName != "" && k.ApiKeyValue != ""
	case AuthOAuth:
		o := a.OAuthParameters
		return o != nil && o.ClientParameters != nil && o.ClientParameters.ClientID != "" &&
			o.ClientParameters.ClientSecret != "" && o.AuthorizationEndpoint != "" && o.HttpMethod != ""
	}
	return false
}
