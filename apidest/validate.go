package apidest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
)

// pattern is a regular expression from the API model: text as AWS prints it, re anchored.
type pattern struct {
	text string
	re   *regexp.Regexp
}

func newPattern(text string) *pattern {
	return &pattern{text: text, re: regexp.MustCompile(`^(?:` + text + `)$`)}
}

// The model patterns (botocore events 2015-10-07).
var (
	patName          = newPattern(`[\.\-_A-Za-z0-9]+`)
	patAuthHeader    = newPattern(`^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$`)
	patHTTPSEndpoint = newPattern(`^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$`)
	patHeaderKey     = newPattern("^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$")
	patHeaderValue   = newPattern(`^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$`)
	patQueryKey      = newPattern(`[^\x00-\x1F\x7F]+`)
	patQueryValue    = newPattern(`[^\x00-\x09\x0B\x0C\x0E-\x1F\x7F]+`)
	patConnectionArn = newPattern(`^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$`)
	patKmsKey        = newPattern(`^[a-zA-Z0-9_\-/:]*$`)
)

// Enum value sets, in the order AWS prints them.
var (
	enumAuthType      = []string{AuthBasic, AuthOAuth, AuthAPIKey}
	enumOAuthMethod   = []string{"GET", "POST", "PUT"}
	enumDestMethod    = []string{"HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"}
	enumConnState     = []string{"CREATING", "UPDATING", "DELETING", "AUTHORIZED", "DEAUTHORIZED", "AUTHORIZING", "DEAUTHORIZING", "ACTIVE", "FAILED_CONNECTIVITY"}
	maxParametersEach = 100
)

// shape describes one string member: its length bounds (max 0: unbounded), its pattern and
// whether it is sensitive (its value is then left out of messages).
type shape struct {
	min, max  int
	pat       *pattern
	sensitive bool
}

var (
	shapeName        = shape{min: 1, max: 64, pat: patName}
	shapeDescription = shape{max: 512}
	shapeAuthHeader  = shape{min: 1, max: 512, pat: patAuthHeader}
	shapeAuthSecret  = shape{min: 1, max: 512, pat: patAuthHeader, sensitive: true}
	shapeEndpoint    = shape{min: 1, max: 2048, pat: patHTTPSEndpoint}
	shapeConnArn     = shape{min: 1, max: 1600, pat: patConnectionArn}
	shapeKmsKey      = shape{max: 2048, pat: patKmsKey}
	shapeNextToken   = shape{min: 1, max: 2048}
)

// add records one violation of s at path, hiding sensitive values.
func add(v *eventrail.Violations, s, path string, sh shape, constraint string) {
	if sh.sensitive {
		v.AddSensitive(path, constraint)
		return
	}
	v.Add(s, path, constraint)
}

// checkStr records the violations of an optional string member: pattern first, then length,
// as AWS lists them. "" is unset and passes.
func checkStr(v *eventrail.Violations, s, path string, sh shape) {
	if s == "" {
		return
	}
	if sh.pat != nil && !sh.pat.re.MatchString(s) {
		add(v, s, path, sh, "Member must satisfy regular expression pattern: "+sh.pat.text)
	}
	n := len([]rune(s))
	if n < sh.min {
		add(v, s, path, sh, fmt.Sprintf("Member must have length greater than or equal to %d", sh.min))
	}
	if sh.max > 0 && n > sh.max {
		add(v, s, path, sh, fmt.Sprintf("Member must have length less than or equal to %d", sh.max))
	}
}

// requireStr is checkStr for a required member.
func requireStr(v *eventrail.Violations, s, path string, sh shape) {
	if s == "" {
		v.AddNull(path)
		return
	}
	checkStr(v, s, path, sh)
}

// checkEnum records an enum violation of an optional member.
func checkEnum(v *eventrail.Violations, s, path string, allowed []string) {
	if s != "" {
		v.Enum(s, path, allowed...)
	}
}

// checkMin records "Member must have value greater than or equal to min".
func checkMin(v *eventrail.Violations, n *int, path string, min int) {
	if n != nil && *n < min {
		v.Add(strconv.Itoa(*n), path, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	}
}

// checkLimit validates a list operation's Limit (1..100).
func checkLimit(v *eventrail.Violations, n *int) {
	checkMin(v, n, "limit", 1)
	if n != nil && *n > 100 {
		v.Add(strconv.Itoa(*n), "limit", "Member must have value less than or equal to 100")
	}
}

// checkHTTPParameters validates a ConnectionHttpParameters member at path.
func checkHTTPParameters(v *eventrail.Violations, p *HttpParameters, path string) {
	if p == nil {
		return
	}
	checkList(v, p.HeaderParameters, path+".headerParameters", func(q Parameter, at string) {
		checkStr(v, q.Key, at+".key", shape{max: 512, pat: patHeaderKey})
		checkStr(v, q.Value, at+".value", shape{max: 512, pat: patHeaderValue, sensitive: true})
	})
	checkList(v, p.QueryStringParameters, path+".queryStringParameters", func(q Parameter, at string) {
		checkStr(v, q.Key, at+".key", shape{max: 512, pat: patQueryKey})
		checkStr(v, q.Value, at+".value", shape{max: 512, pat: patQueryValue, sensitive: true})
	})
	checkList(v, p.BodyParameters, path+".bodyParameters", func(Parameter, string) {})
}

func checkList(v *eventrail.Violations, list []Parameter, path string, each func(Parameter, string)) {
	if len(list) > maxParametersEach {
		v.Add(renderParams(list), path, fmt.Sprintf("Member must have length less than or equal to %d", maxParametersEach))
	}
	for i, q := range list {
		each(q, path+"."+strconv.Itoa(i+1)+".member")
	}
}

// renderParams prints a parameter list as AWS echoes list values (secrets hidden).
func renderParams(list []Parameter) string {
	parts := make([]string, len(list))
	for i, q := range list {
		parts[i] = "ConnectionParameter(key=" + q.Key + ", value=***, isValueSecret=" + strconv.FormatBool(q.IsValueSecret) + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// validationError is a ValidationException with a fixed message.
func validationError(format string, args ...any) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeValidation, format, args...)
}

// checkEndpoint checks an endpoint the model pattern accepted: an absolute https URL with a
// host (http too when allowed). what names the resource in the message ("api-destination").
func (s *Service) checkEndpoint(endpoint, action, param string) error {
	u, err := url.Parse(endpoint)
	ok := err == nil && u.Host != "" && u.User == nil && u.Fragment == "" &&
		(u.Scheme == "https" || (s.o.AllowHTTP && u.Scheme == "http"))
	if ok {
		return nil
	}
	want := "HTTPS"
	if s.o.AllowHTTP {
		want = "HTTP(S)"
	}
	return validationError("Failed to %s. Parameter %s is not valid. Reason: Endpoint '%s' is invalid, please provide a valid %s endpoint URL.",
		action, param, endpoint, want)
}
