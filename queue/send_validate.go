package queue

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eventrail/eventrail"
)

// maxAttributes is the most user message attributes one message may carry.
const maxAttributes = 10

// sendEntry is one message to send: the members SendMessage and batch entries share.
type sendEntry struct {
	Body        *string
	Delay       *int
	Attrs       map[string]MessageAttributeValue
	SysAttrs    map[string]MessageAttributeValue
	DedupID     *string
	GroupID     *string
	traceHeader string // resolved from SysAttrs
}

var (
	fifoIDRe   = regexp.MustCompile("^[0-9A-Za-z!\"#$%&'()*+,./:;<=>?@\\[\\\\\\]^_`{|}~-]{1,128}$")
	attrNameRe = regexp.MustCompile(`^[\x{00C0}-\x{017F}A-Za-z0-9_.-]{1,256}$`)
)

// validBodyRune reports whether r may appear in a message (SendMessage docs).
func validBodyRune(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func checkContents(s string) error {
	for i, r := range s {
		if !validBodyRune(r) || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			return eventrail.Errorf(CodeInvalidMessageContents, "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")
		}
	}
	return nil
}

// validateEntry checks e against q's kind and configuration and returns the message size.
func validateEntry(q *queue, e *sendEntry) error {
	if e.Body == nil || *e.Body == "" {
		return errMissing("MessageBody")
	}
	if err := checkContents(*e.Body); err != nil {
		return err
	}
	if err := validateMessageAttributes(e.Attrs); err != nil {
		return err
	}
	if err := e.resolveSystemAttributes(); err != nil {
		return err
	}
	cfg := q.cfg.Load()
	if size := messageSize(*e.Body, e.Attrs); size > cfg.maxSize {
		return errInvalidParam("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", cfg.maxSize)
	}
	if e.Delay != nil && (*e.Delay < 0 || *e.Delay > 900) {
		return errParamValue(*e.Delay, "DelaySeconds", "DelaySeconds must be >= 0 and <= 900.")
	}
	if q.fifo {
		return validateFIFO(e, cfg)
	}
	if e.DedupID != nil {
		return errParamValue(*e.DedupID, "MessageDeduplicationId", "The request includes a parameter that is not valid for this queue type.")
	}
	if e.GroupID != nil && !fifoIDRe.MatchString(*e.GroupID) {
		return errParamValue(*e.GroupID, "MessageGroupId", "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	return nil
}

func validateFIFO(e *sendEntry, cfg *config) error {
	if e.Delay != nil && *e.Delay != 0 {
		return errParamValue(*e.Delay, "DelaySeconds", "The request include parameter that is not valid for this queue type.")
	}
	if e.GroupID == nil {
		return errMissing("MessageGroupId")
	}
	if !fifoIDRe.MatchString(*e.GroupID) {
		return errParamValue(*e.GroupID, "MessageGroupId", "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	if e.DedupID != nil && !fifoIDRe.MatchString(*e.DedupID) {
		return errParamValue(*e.DedupID, "MessageDeduplicationId", "MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	if e.DedupID == nil && !cfg.contentDedup {
		return errInvalidParam("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	}
	return nil
}

// messageSize is the size SQS counts against MaximumMessageSize: body plus each attribute's
// name, type and value.
func messageSize(body string, attrs map[string]MessageAttributeValue) int {
	n := len(body)
	for name, a := range attrs {
		n += len(name) + len(a.DataType)
		if a.StringValue != nil {
			n += len(*a.StringValue)
		}
		n += len(a.BinaryValue)
	}
	return n
}

func validateMessageAttributes(attrs map[string]MessageAttributeValue) error {
	if len(attrs) > maxAttributes {
		return errInvalidParam("Number of message attributes [%d] exceeds the allowed maximum [%d].", len(attrs), maxAttributes)
	}
	for _, name := range sortedKeys(attrs) {
		if err := validateAttributeName(name); err != nil {
			return err
		}
		if err := validateAttributeValue(name, attrs[name]); err != nil {
			return err
		}
	}
	return nil
}

func validateAttributeName(name string) error {
	lower := strings.ToLower(name)
	switch {
	case !attrNameRe.MatchString(name):
		return errInvalidParam("Message (user) attribute name '%s' is invalid. The attribute name can contain alphanumeric characters, hyphens (-), underscores (_), and periods (.), and must be at most 256 characters.", name)
	case strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon."):
		return errInvalidParam("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use.")
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, ".."):
		return errInvalidParam("Message (user) attribute name '%s' is invalid. The attribute name can't start or end with a period (.) or contain two successive periods.", name)
	}
	return nil
}

func validateAttributeValue(name string, a MessageAttributeValue) error {
	base, _, _ := strings.Cut(a.DataType, ".")
	switch {
	case a.DataType == "":
		return errInvalidParam("The message attribute '%s' must contain non-empty message attribute type.", name)
	case base != "String" && base != "Number" && base != "Binary":
		return errInvalidParam("The type of message (user) attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", name)
	case base == "Binary" && len(a.BinaryValue) == 0:
		return errInvalidParam("Message (user) attribute '%s' must contain a non-empty value of type 'Binary'.", name)
	case base != "Binary" && (a.StringValue == nil || *a.StringValue == ""):
		return errInvalidParam("Message (user) attribute '%s' must contain a non-empty value of type '%s'.", name, base)
	case base == "Number" && !isNumber(*a.StringValue):
		return errInvalidParam("Can't cast the value of message (user) attribute '%s' to a number.", name)
	case base != "Binary":
		if err := checkContents(*a.StringValue); err != nil {
			return errInvalidParam("%s", err.(*eventrail.Error).Message)
		}
	}
	return nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// resolveSystemAttributes accepts only AWSTraceHeader (DataType String).
func (e *sendEntry) resolveSystemAttributes() error {
	for _, name := range sortedKeys(e.SysAttrs) {
		a := e.SysAttrs[name]
		if name != "AWSTraceHeader" {
			return errInvalidParam("Message system attribute name '%s' is invalid.", name)
		}
		if a.DataType != "String" || a.StringValue == nil || *a.StringValue == "" {
			return errInvalidParam("Message system attribute '%s' must contain a non-empty value of type 'String'.", name)
		}
		e.traceHeader = *a.StringValue
	}
	return nil
}
