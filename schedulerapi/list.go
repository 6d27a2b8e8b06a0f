package schedulerapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// defaultMaxResults is the page size when MaxResults is absent.
const defaultMaxResults = 100

// pageParams are the common paging query parameters.
type pageParams struct {
	max   int
	after string // key after which the page starts
}

// parsePage validates MaxResults, NamePrefix and NextToken of a List call.
func parsePage(c *checker, q url.Values) (pageParams, string) {
	p := pageParams{max: defaultMaxResults}
	if q.Has("MaxResults") {
		raw := q.Get("MaxResults")
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil:
			c.Add(raw, "maxResults", "Member must be a number")
		default:
			c.rangeInt(&n, "maxResults", 1, 100)
			p.max = n
		}
	}
	prefix := ""
	if q.Has("NamePrefix") {
		prefix = q.Get("NamePrefix")
		if c.str(&prefix, "namePrefix", false, 1, 64) {
			c.pattern(&prefix, "namePrefix", namePattern, nameRE)
		}
	}
	if q.Has("NextToken") {
		tok := q.Get("NextToken")
		if c.str(&tok, "nextToken", false, 1, 2048) {
			b, err := base64.RawURLEncoding.DecodeString(tok)
			if err != nil {
				c.Add(tok, "nextToken", "Member must be a token returned by a previous call")
			}
			p.after = string(b)
		}
	}
	return p, prefix
}

func encodeToken(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// page cuts entries (sorted by key) to one page after p.after and returns the next token.
func page[T any](entries []eventrail.KVEntry, p pageParams, pick func(eventrail.KVEntry) (T, bool)) ([]T, string) {
	out := make([]T, 0, min(p.max, len(entries)))
	lastKey := ""
	for _, e := range entries {
		if p.after != "" && e.Key <= p.after {
			continue
		}
		v, ok := pick(e)
		if !ok {
			continue
		}
		if len(out) == p.max {
			return out, encodeToken(lastKey)
		}
		out = append(out, v)
		lastKey = e.Key
	}
	return out, ""
}

func hasNamePrefix(name, prefix string) bool { return strings.HasPrefix(name, prefix) }

type listSchedulesOutput struct {
	NextToken string            `json:"NextToken,omitempty"`
	Schedules []scheduleSummary `json:"Schedules"`
}

func (s *Service) listSchedules(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var c checker
	p, prefix := parsePage(&c, r.Query)
	group, state := r.Query.Get("ScheduleGroup"), r.Query.Get("State")
	if r.Query.Has("ScheduleGroup") {
		c.name(&group, "groupName", false)
	}
	if r.Query.Has("State") {
		c.enum(&state, "state", StateEnabled, StateDisabled)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	keyPrefix := schedulePrefix
	if group != "" {
		if _, _, err := s.getGroup(ctx, group); err != nil {
			return nil, err
		}
		keyPrefix += group + "/"
	}
	entries, err := s.o.KV.List(ctx, keyPrefix)
	if err != nil {
		return nil, err
	}
	items, next := page(entries, p, func(e eventrail.KVEntry) (scheduleSummary, bool) {
		if !hasNamePrefix(nameOf(e.Key), prefix) {
			return scheduleSummary{}, false
		}
		var sc Schedule
		if json.Unmarshal(e.Value, &sc) != nil || (state != "" && sc.State != state) {
			return scheduleSummary{}, false
		}
		return sc.summary(), true
	})
	return listSchedulesOutput{NextToken: next, Schedules: items}, nil
}
