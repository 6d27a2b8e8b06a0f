package control

import (
	"context"
	"strings"

	"github.com/eventrail/eventrail"
)

// checkTagList rejects duplicate keys and more tags than a resource may carry.
func (s *Service) checkTagList(tags []eventrail.Tag) error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if seen[t.Key] {
			return validationError("Invalid parameter: Duplicated keys are not allowed.")
		}
		seen[t.Key] = true
	}
	if len(tags) > s.o.MaxTagsPerResource {
		return eventrail.ErrLimitExceeded()
	}
	return nil
}

// putTags upserts tags by key on the resource with the given canonical ARN.
func (s *Service) putTags(ctx context.Context, arn string, tags []eventrail.Tag) error {
	return mutateJSON(ctx, s, eventrail.TagsKey(arn), func(cur *[]eventrail.Tag, _ bool) (change, error) {
		merged := append([]eventrail.Tag(nil), *cur...)
	next:
		for _, t := range tags {
			for i := range merged {
				if merged[i].Key == t.Key {
					merged[i].Value = t.Value
					continue next
				}
			}
			merged = append(merged, t)
		}
		if len(merged) > s.o.MaxTagsPerResource {
			return keep, eventrail.ErrLimitExceeded()
		}
		*cur = merged
		return write, nil
	})
}

// taggable resolves a ResourceARN to the canonical ARN tags are kept under, checking that
// the bus or rule exists (AWS's not-found wording) and reporting whether it is a managed
// rule. ARNs of other events resources (archives, connections, ...) go to
// Options.ResolveTaggable, or are accepted as given when it is nil.
func (s *Service) taggable(ctx context.Context, arn string) (canonical string, managed bool, err error) {
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service != "events" || !printableASCII(arn) {
		return "", false, validationError("Parameter ResourceARN is not valid. Reason: Provided Arn is not in correct format.")
	}
	switch {
	case strings.HasPrefix(p.Resource, "event-bus/"):
		name := strings.TrimPrefix(p.Resource, "event-bus/")
		b, err := s.getBus(ctx, name)
		if err != nil {
			return "", false, err
		}
		return b.Arn, false, nil
	case strings.HasPrefix(p.Resource, "rule/"):
		bus, rule := eventrail.DefaultBusName, strings.TrimPrefix(p.Resource, "rule/")
		if i := strings.LastIndexByte(rule, '/'); i >= 0 {
			bus, rule = rule[:i], rule[i+1:]
		}
		r, err := s.getRule(ctx, bus, rule)
		if err != nil {
			return "", false, err
		}
		return r.Arn, r.ManagedBy != "", nil
	}
	if s.o.ResolveTaggable != nil {
		canonical, err := s.o.ResolveTaggable(ctx, arn)
		return canonical, false, err
	}
	return arn, false, nil
}

// printableASCII reports whether s is made of visible ASCII characters only (what an ARN
// is, and what is safe in a KV key).
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// TagResourceInput is the TagResource request.
type TagResourceInput struct {
	ResourceARN string          `json:"ResourceARN"`
	Tags        []eventrail.Tag `json:"Tags"`
}

// TagResourceOutput is the (empty) TagResource response.
type TagResourceOutput struct{}

// TagResource adds or overwrites tags of a bus or rule (at most MaxTagsPerResource).
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*TagResourceOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.ResourceARN, "resourceARN", shapeArn)
	if in.Tags == nil {
		v.AddNull("tags")
	}
	checkTags(&v, in.Tags, "tags")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.checkTagList(in.Tags); err != nil {
		return nil, err
	}
	arn, managed, err := s.taggable(ctx, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	if managed {
		return nil, managedRuleNoForce(arnRuleName(arn))
	}
	if err := s.putTags(ctx, arn, in.Tags); err != nil {
		return nil, err
	}
	return &TagResourceOutput{}, nil
}

// arnRuleName is the rule name at the end of a rule ARN.
func arnRuleName(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// UntagResourceInput is the UntagResource request.
type UntagResourceInput struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeys     []string `json:"TagKeys"`
}

// UntagResourceOutput is the (empty) UntagResource response.
type UntagResourceOutput struct{}

// UntagResource removes tags by key; keys the resource does not have are ignored.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*UntagResourceOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.ResourceARN, "resourceARN", shapeArn)
	if in.TagKeys == nil {
		v.AddNull("tagKeys")
	}
	for i, k := range in.TagKeys {
		requireStr(&v, k, member("tagKeys", i), str{1, 128, nil})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	arn, managed, err := s.taggable(ctx, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	if managed {
		return nil, managedRuleNoForce(arnRuleName(arn))
	}
	drop := make(map[string]bool, len(in.TagKeys))
	for _, k := range in.TagKeys {
		drop[k] = true
	}
	err = mutateJSON(ctx, s, eventrail.TagsKey(arn), func(cur *[]eventrail.Tag, exists bool) (change, error) {
		kept := make([]eventrail.Tag, 0, len(*cur))
		for _, t := range *cur {
			if !drop[t.Key] {
				kept = append(kept, t)
			}
		}
		switch {
		case !exists || len(kept) == len(*cur):
			return keep, nil
		case len(kept) == 0:
			return remove, nil
		}
		*cur = kept
		return write, nil
	})
	if err != nil {
		return nil, err
	}
	return &UntagResourceOutput{}, nil
}

// ListTagsForResourceInput is the ListTagsForResource request.
type ListTagsForResourceInput struct {
	ResourceARN string `json:"ResourceARN"`
}

// ListTagsForResourceOutput is the ListTagsForResource response.
type ListTagsForResourceOutput struct {
	Tags []eventrail.Tag `json:"Tags"`
}

// ListTagsForResource returns a resource's tags in the order they were first set.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.ResourceARN, "resourceARN", shapeArn)
	if err := v.Err(); err != nil {
		return nil, err
	}
	arn, _, err := s.taggable(ctx, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	tags := []eventrail.Tag{}
	if _, _, err := s.getJSON(ctx, eventrail.TagsKey(arn), &tags); err != nil {
		return nil, err
	}
	return &ListTagsForResourceOutput{Tags: tags}, nil
}
