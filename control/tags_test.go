package control

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestTagsOnBusesAndRules(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "b")
	ruleArn := e.rule(t, "b", "r")
	busArn := testAccount.BusARN("b")
	for _, arn := range []string{busArn, ruleArn, testAccount.BusARN("default"), testAccount.RuleARN("default", "x")} {
		if arn == testAccount.RuleARN("default", "x") {
			e.rule(t, "default", "x")
		}
		_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: arn, Tags: []eventrail.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: ""}}})
		mustOK(t, err)
		_, err = e.s.TagResource(ctx, &TagResourceInput{ResourceARN: arn, Tags: []eventrail.Tag{{Key: "a", Value: "2"}, {Key: "c", Value: "3"}}})
		mustOK(t, err)
		_, err = e.s.UntagResource(ctx, &UntagResourceInput{ResourceARN: arn, TagKeys: []string{"b", "zz"}})
		mustOK(t, err)
		out, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: arn})
		mustOK(t, err)
		if got := toJSON(t, out); got != `{"Tags":[{"Key":"a","Value":"2"},{"Key":"c","Value":"3"}]}` {
			t.Fatalf("%s: %s", arn, got)
		}
	}
	// Deleting the rule removes its tags; the ARN then answers not found.
	_, err := e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "r", EventBusName: "b"})
	mustOK(t, err)
	_, err = e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: ruleArn})
	wantErr(t, err, "ResourceNotFoundException", "Rule r does not exist on EventBus b.")
	if left, _ := e.kv.List(ctx, eventrail.TagsKey(ruleArn)); len(left) != 0 {
		t.Fatalf("tags left: %v", left)
	}
}

func TestTagErrors(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxTagsPerResource = 3 })
	var four []eventrail.Tag
	for i := range 4 {
		four = append(four, eventrail.Tag{Key: "k" + strconv.Itoa(i)})
	}
	busArn := testAccount.BusARN("default")
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"missing bus", func() error {
			_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: testAccount.BusARN("nope"), Tags: []eventrail.Tag{{Key: "k"}}})
			return err
		}, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"missing rule", func() error {
			_, err := e.s.UntagResource(ctx, &UntagResourceInput{ResourceARN: testAccount.RuleARN("default", "nope"), TagKeys: []string{"k"}})
			return err
		}, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."},
		{"missing custom rule", func() error {
			_, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: testAccount.RuleARN("b2", "nope")})
			return err
		}, "ResourceNotFoundException", "Event bus b2 does not exist."},
		{"not an arn", func() error {
			_, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: "bus"})
			return err
		}, "ValidationException", "Parameter ResourceARN is not valid. Reason: Provided Arn is not in correct format."},
		{"too many at once", func() error {
			_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: busArn, Tags: four})
			return err
		}, "LimitExceededException", "The requested resource exceeds the maximum number allowed."},
		{"too many in total", func() error {
			if _, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: busArn, Tags: four[:3]}); err != nil {
				return err
			}
			_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: busArn, Tags: four[3:]})
			return err
		}, "LimitExceededException", "The requested resource exceeds the maximum number allowed."},
		{"key too long", func() error {
			_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: busArn, Tags: []eventrail.Tag{{Key: strings.Repeat("k", 129)}}})
			return err
		}, "ValidationException", "1 validation error detected: Value '" + strings.Repeat("k", 129) + "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"no tags", func() error { _, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: busArn}); return err },
			"ValidationException", "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"},
		{"no arn", func() error { _, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{}); return err },
			"ValidationException", "1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.call(), c.code, c.msg) })
	}
}

func TestTagOtherResources(t *testing.T) {
	archive := "arn:aws:events:us-east-1:111111111111:archive/a1"
	e := newEnv(t)
	_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: archive, Tags: []eventrail.Tag{{Key: "k", Value: "v"}}})
	mustOK(t, err)
	out, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: archive})
	mustOK(t, err)
	if toJSON(t, out) != `{"Tags":[{"Key":"k","Value":"v"}]}` {
		t.Fatalf("tags %s", toJSON(t, out))
	}
	_, err = e.s.TagResource(ctx, &TagResourceInput{ResourceARN: archive + "\x00", Tags: []eventrail.Tag{{Key: "k"}}})
	wantErr(t, err, "ValidationException", "Parameter ResourceARN is not valid. Reason: Provided Arn is not in correct format.")

	r := newEnv(t, func(o *Options) {
		o.ResolveTaggable = func(_ context.Context, arn string) (string, error) {
			return "", eventrail.Errorf(eventrail.CodeResourceNotFound, "Archive a1 does not exist.")
		}
	})
	_, err = r.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: archive})
	wantErr(t, err, "ResourceNotFoundException", "Archive a1 does not exist.")
}
