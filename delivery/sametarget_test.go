package delivery

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/eventrail/eventrail"
)

// TestSameTargetShallowSeesEveryField: changing any one field of a Target makes the shallow
// comparison fail, so a field added to Target and forgotten there cannot make two different
// targets encode as one.
func TestSameTargetShallowSeesEveryField(t *testing.T) {
	base := eventrail.Target{Id: "t", Arn: sqsARN}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		f := typ.Field(i)
		changed := base
		v := reflect.ValueOf(&changed).Elem().Field(i)
		switch {
		case f.Type.Kind() == reflect.String:
			v.SetString("changed")
		case f.Type.Kind() == reflect.Pointer:
			v.Set(reflect.New(f.Type.Elem()))
		case f.Type == reflect.TypeOf(json.RawMessage(nil)):
			v.SetBytes([]byte(`{}`))
		default:
			t.Fatalf("Target.%s has a kind (%s) this test and sameTargetShallow do not handle", f.Name, f.Type)
		}
		if sameTargetShallow(&base, &changed) {
			t.Errorf("Target.%s changed, yet the shallow comparison holds", f.Name)
		}
		if reflect.DeepEqual(base, changed) {
			t.Errorf("Target.%s: the change is not a change", f.Name)
		}
	}
}

// TestSameTargetIsDeepEquality: sameTarget agrees with reflect.DeepEqual (plus the rule).
func TestSameTargetIsDeepEquality(t *testing.T) {
	one, other := 1, 1
	rp := &eventrail.RetryPolicy{MaximumRetryAttempts: &one}
	full := eventrail.Target{Id: "t", Arn: sqsARN, RetryPolicy: rp, KinesisParameters: json.RawMessage(`{"PartitionKeyPath":"$.id"}`),
		InputTransformer: &eventrail.InputTransformer{InputPathsMap: map[string]string{"a": "$.a"}, InputTemplate: "<a>"}}
	copyOf := func(edit func(*eventrail.Target)) eventrail.Target { c := full; edit(&c); return c }
	for _, c := range []struct {
		name string
		b    eventrail.Target
	}{
		{"copy", full},
		{"equal pointees", copyOf(func(c *eventrail.Target) {
			c.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: &other}
			c.InputTransformer = &eventrail.InputTransformer{InputPathsMap: map[string]string{"a": "$.a"}, InputTemplate: "<a>"}
		})},
		{"other pointee", copyOf(func(c *eventrail.Target) { c.RetryPolicy = &eventrail.RetryPolicy{} })},
		{"other map", copyOf(func(c *eventrail.Target) {
			c.InputTransformer = &eventrail.InputTransformer{InputPathsMap: map[string]string{"a": "$.b"}, InputTemplate: "<a>"}
		})},
		{"empty raw vs nil", copyOf(func(c *eventrail.Target) { c.EcsParameters = json.RawMessage{} })},
		{"equal raw copy", copyOf(func(c *eventrail.Target) {
			c.KinesisParameters = append(json.RawMessage(nil), full.KinesisParameters...)
		})},
		{"other id", copyOf(func(c *eventrail.Target) { c.Id = "u" })},
	} {
		a := eventrail.Handoff{RuleName: "r", RuleArn: "arn:r", Target: full}
		b := eventrail.Handoff{RuleName: "r", RuleArn: "arn:r", Target: c.b}
		if got, want := sameTarget(&a, &b), reflect.DeepEqual(a.Target, b.Target); got != want {
			t.Errorf("%s: sameTarget = %v, DeepEqual = %v", c.name, got, want)
		}
		b.RuleArn = "arn:other"
		if sameTarget(&a, &b) {
			t.Errorf("%s: another rule's target is the same", c.name)
		}
	}
}
