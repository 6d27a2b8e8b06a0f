package control

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
)

// modelPattern is a regular expression from the API model: Text is how AWS prints it in
// messages, re the anchored compiled form (model patterns must match the whole value).
type modelPattern struct {
	Text string
	re   *regexp.Regexp
	// plain, when set, lists the bytes of a plain name the pattern certainly accepts: a
	// non-empty value made only of them matches without running the regular expression.
	plain *[256]bool
}

func newModelPattern(text string) *modelPattern {
	return &modelPattern{Text: text, re: regexp.MustCompile(`^(?:` + text + `)$`)}
}

// withPlain sets the fast-path byte set (chars) of a pattern and returns it.
func (p *modelPattern) withPlain(chars string) *modelPattern {
	var set [256]bool
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	p.plain = &set
	return p
}

// match reports whether s matches the whole pattern.
func (p *modelPattern) match(s string) bool {
	if p.plain != nil && s != "" {
		i := 0
		for i < len(s) && p.plain[s[i]] {
			i++
		}
		if i == len(s) {
			return true
		}
	}
	return p.re.MatchString(s)
}

// Byte sets of the common name patterns.
const (
	nameChars    = ".-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	busNameChars = nameChars + "/"
)

// The model patterns this package checks (botocore events 2015-10-07).
var (
	patRuleName            = newModelPattern(`[\.\-_A-Za-z0-9]+`).withPlain(nameChars)
	patTargetID            = patRuleName
	patEventBusName        = newModelPattern(`[/\.\-_A-Za-z0-9]+`).withPlain(busNameChars)
	patNonPartnerBusName   = newModelPattern(`[\.\-_A-Za-z0-9]+`).withPlain(nameChars)
	patEventBusNameOrArn   = newModelPattern(`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+`).withPlain(busNameChars)
	patNonPartnerNameOrArn = newModelPattern(`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`).withPlain(nameChars)
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
	if sh.pat != nil && !sh.pat.match(s) {
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

// busNameOf resolves an EventBusName parameter (name, ARN or empty) to a bus name.
func busNameOf(nameOrArn string) string {
	if nameOrArn != "" && !strings.HasPrefix(nameOrArn, "arn:") {
		return nameOrArn
	}
	return eventrail.BusName(nameOrArn)
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
