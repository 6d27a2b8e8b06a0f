package control

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/eventrail/eventrail"
)

// modelPattern is a regular expression from the API model: Text is how AWS prints it in
// messages, re the anchored compiled form (model patterns must match the whole value).
type modelPattern struct {
	Text string
	re   *regexp.Regexp
}

func newModelPattern(text string) *modelPattern {
	return &modelPattern{Text: text, re: regexp.MustCompile(`^(?:` + text + `)$`)}
}

// The model patterns this package checks (botocore events 2015-10-07).
var (
	patRuleName            = newModelPattern(`[\.\-_A-Za-z0-9]+`)
	patTargetID            = patRuleName
	patEventBusName        = newModelPattern(`[/\.\-_A-Za-z0-9]+`)
	patNonPartnerBusName   = newModelPattern(`[\.\-_A-Za-z0-9]+`)
	patEventBusNameOrArn   = newModelPattern(`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+`)
	patNonPartnerNameOrArn = newModelPattern(`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`)
	patKmsKey              = newModelPattern(`^[a-zA-Z0-9_\-/:]*$`)
	patAction              = newModelPattern(`events:[a-zA-Z]+`)
	patPrincipal           = newModelPattern(`(\d{12}|\*)`)
	patStatementID         = newModelPattern(`[a-zA-Z0-9-_]+`)
	patPathKey             = newModelPattern(`[A-Za-z0-9\_\-]+`)
	patEventSourceName     = newModelPattern(`aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`)
)

// str describes one string member for checkStr: its length bounds (max 0 = unbounded) and
// optional pattern.
type str struct {
	min, max int
	pat      *modelPattern
}

// Frequently used member shapes.
var (
	shapeRuleName       = str{1, 64, patRuleName}
	shapeBusName        = str{1, 256, patEventBusName}
	shapeBusNameOrArn   = str{1, 1600, patEventBusNameOrArn}
	shapeNextToken      = str{1, 2048, nil}
	shapeArn            = str{1, 1600, nil}
	shapeDescription    = str{0, 512, nil}
	shapeNonPartnerName = str{1, 256, patNonPartnerBusName}
)

// checkStr records the violations of an optional string member: the pattern first, then the
// length bounds, as AWS lists them. An empty string is "unset" and passes.
func checkStr(v *eventrail.Violations, s, path string, sh str) {
	if s == "" {
		return
	}
	if sh.pat != nil && !sh.pat.re.MatchString(s) {
		v.Add(s, path, "Member must satisfy regular expression pattern: "+sh.pat.Text)
	}
	v.MinLen(s, path, sh.min)
	if sh.max > 0 {
		v.MaxLen(s, path, sh.max)
	}
}

// requireStr is checkStr for a required member: unset is "must not be null".
func requireStr(v *eventrail.Violations, s, path string, sh str) {
	if s == "" {
		v.AddNull(path)
		return
	}
	checkStr(v, s, path, sh)
}

// checkRange records "Member must have value ..." violations of an optional integer member.
func checkRange(v *eventrail.Violations, n *int, path string, min, max int) {
	if n == nil {
		return
	}
	if *n < min {
		v.Add(strconv.Itoa(*n), path, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	}
	if *n > max {
		v.Add(strconv.Itoa(*n), path, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
}

// checkLimit validates a list operation's Limit (1..100).
func checkLimit(v *eventrail.Violations, n *int) { checkRange(v, n, "limit", 1, 100) }

// checkListLen records a list-length violation; render prints the list as AWS would.
func checkListLen(v *eventrail.Violations, n int, path string, min, max int, render func() string) {
	if n < min {
		v.Add(render(), path, fmt.Sprintf("Member must have length greater than or equal to %d", min))
	}
	if max > 0 && n > max {
		v.Add(render(), path, fmt.Sprintf("Member must have length less than or equal to %d", max))
	}
}

// member returns the model-validation path of element i (0-based) of list: "list.<i+1>.member".
func member(list string, i int) string { return list + "." + strconv.Itoa(i+1) + ".member" }

// validationError is a ValidationException with a fixed message.
func validationError(format string, args ...any) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeValidation, format, args...)
}

// checkTags validates a TagList member at path ("tags").
func checkTags(v *eventrail.Violations, tags []eventrail.Tag, path string) {
	for i, t := range tags {
		p := member(path, i)
		requireStr(v, t.Key, p+".key", str{1, 128, nil})
		v.MaxLen(t.Value, p+".value", 256)
	}
}
