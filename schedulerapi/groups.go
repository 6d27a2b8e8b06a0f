package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

type createGroupInput struct {
	ClientToken *string `json:"ClientToken"`
	Tags        []Tag   `json:"Tags"`
}

type groupArnOutput struct {
	ScheduleGroupArn string `json:"ScheduleGroupArn"`
}

func (s *Service) createGroup(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var in createGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := r.Params["Name"]
	var c checker
	c.clientToken(in.ClientToken)
	c.name(&name, "name", true)
	checkTags(&c, in.Tags, "tags")
	if err := c.Err(); err != nil {
		return nil, err
	}
	if err := s.ensureDefaultGroup(ctx); err != nil {
		return nil, err
	}
	if name == DefaultGroup {
		return nil, errDefaultGroup()
	}
	existing, err := s.o.KV.List(ctx, groupPrefix)
	if err != nil {
		return nil, err
	}
	now := s.now()
	g := storedGroup{Arn: s.groupARN(name), Name: name, State: "ACTIVE", Tags: in.Tags, ClientToken: strOr(in.ClientToken, "")}
	g.CreationDate.Time, g.LastModificationDate.Time = now, now
	b, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	if _, err := s.o.KV.Create(ctx, groupKey(name), b); errors.Is(err, eventrail.ErrExists) {
		if cur, _, gerr := s.getGroup(ctx, name); gerr == nil && g.ClientToken != "" && cur.ClientToken == g.ClientToken {
			return groupArnOutput{cur.Arn}, nil
		}
		return nil, errGroupExists(name)
	} else if err != nil {
		return nil, err
	}
	if len(existing) >= MaxGroups {
		_ = s.o.KV.Delete(ctx, groupKey(name))
		return nil, errGroupQuota()
	}
	return groupArnOutput{g.Arn}, nil
}

// groupName validates the {Name} of a group operation.
func groupNameParam(r *awsjson.RESTRequest) (string, error) {
	name := r.Params["Name"]
	var c checker
	c.name(&name, "name", true)
	if r.Query.Has("clientToken") {
		tok := r.Query.Get("clientToken")
		c.clientToken(&tok)
	}
	return name, c.Err()
}

func (s *Service) getGroupOp(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	name, err := groupNameParam(r)
	if err != nil {
		return nil, err
	}
	g, _, err := s.getGroup(ctx, name)
	if err != nil {
		return nil, err
	}
	return g.summary(), nil
}

func (s *Service) deleteGroup(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	name, err := groupNameParam(r)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.getGroup(ctx, name); err != nil {
		return nil, err
	}
	if name == DefaultGroup {
		return nil, errDefaultGroup()
	}
	schedules, err := s.o.KV.List(ctx, schedulePrefix+name+"/")
	if err != nil {
		return nil, err
	}
	for _, e := range schedules {
		var sc storedSchedule
		_ = json.Unmarshal(e.Value, &sc)
		if err := s.deleteSchedule(ctx, e.Key, sc.Uid); err != nil {
			return nil, err
		}
	}
	if err := s.o.KV.Delete(ctx, groupKey(name)); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

type listGroupsOutput struct {
	NextToken      string         `json:"NextToken,omitempty"`
	ScheduleGroups []groupSummary `json:"ScheduleGroups"`
}

func (s *Service) listGroups(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var c checker
	p, prefix := parsePage(&c, r.Query)
	if err := c.Err(); err != nil {
		return nil, err
	}
	if err := s.ensureDefaultGroup(ctx); err != nil {
		return nil, err
	}
	entries, err := s.o.KV.List(ctx, groupPrefix+prefix)
	if err != nil {
		return nil, err
	}
	items, next := page(entries, p, func(e eventrail.KVEntry) (groupSummary, bool) {
		var g storedGroup
		if json.Unmarshal(e.Value, &g) != nil {
			return groupSummary{}, false
		}
		return g.summary(), true
	})
	return listGroupsOutput{NextToken: next, ScheduleGroups: items}, nil
}

// groupFromARN validates a TagResourceArn and loads the group it names.
func (s *Service) groupFromARN(ctx context.Context, arn string) (*storedGroup, uint64, error) {
	var c checker
	checkGroupArn(&c, arn)
	if err := c.Err(); err != nil {
		return nil, 0, err
	}
	name := arn[strings.LastIndex(arn, "/")+1:]
	g, rev, err := s.getGroup(ctx, name)
	if err != nil || g.Arn != arn {
		return nil, 0, eventrail.Errorf(eventrail.CodeResourceNotFound, "Resource %s does not exist.", arn)
	}
	return g, rev, nil
}

type tagsOutput struct {
	Tags []Tag `json:"Tags"`
}

func (s *Service) listTags(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	g, _, err := s.groupFromARN(ctx, r.Params["ResourceArn"])
	if err != nil {
		return nil, err
	}
	tags := g.Tags
	if tags == nil {
		tags = []Tag{}
	}
	return tagsOutput{Tags: tags}, nil
}

type tagResourceInput struct {
	Tags []Tag `json:"Tags"`
}

func (s *Service) tagResource(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var in tagResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	var c checker
	if in.Tags == nil {
		c.AddNull("tags")
	}
	checkTags(&c, in.Tags, "tags")
	if err := c.Err(); err != nil {
		return nil, err
	}
	return s.editTags(ctx, r.Params["ResourceArn"], func(g *storedGroup) {
		for _, t := range in.Tags {
			g.Tags = setTag(g.Tags, t)
		}
	})
}

func (s *Service) untagResource(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	keys := r.Query["TagKeys"]
	var c checker
	if !r.Query.Has("TagKeys") {
		c.AddNull("tagKeys")
	}
	for i := range keys {
		c.str(&keys[i], "tagKeys."+itoa(i+1)+".member", true, 1, 128)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return s.editTags(ctx, r.Params["ResourceArn"], func(g *storedGroup) {
		kept := g.Tags[:0]
		for _, t := range g.Tags {
			if !contains(keys, *t.Key) {
				kept = append(kept, t)
			}
		}
		g.Tags = kept
	})
}

// editTags applies edit to the group named by arn with compare-and-set.
func (s *Service) editTags(ctx context.Context, arn string, edit func(*storedGroup)) (any, error) {
	for {
		g, rev, err := s.groupFromARN(ctx, arn)
		if err != nil {
			return nil, err
		}
		edit(g)
		b, err := json.Marshal(g)
		if err != nil {
			return nil, err
		}
		if _, err := s.o.KV.Update(ctx, groupKey(g.Name), b, rev); errors.Is(err, eventrail.ErrConflict) {
			continue
		} else if err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
}

func setTag(tags []Tag, t Tag) []Tag {
	for i := range tags {
		if *tags[i].Key == *t.Key {
			tags[i].Value = t.Value
			return tags
		}
	}
	return append(tags, t)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
