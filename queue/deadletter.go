package queue

import (
	"context"
	"encoding/base64"
	"sort"
	"strings"
)

// ListDeadLetterSourceQueues lists the queues whose RedrivePolicy names this queue as their
// dead-letter queue, in name order, paged like ListQueues.
func (s *Service) ListDeadLetterSourceQueues(ctx context.Context, in *ListDeadLetterSourceQueuesInput) (*ListDeadLetterSourceQueuesOutput, error) {
	dlq, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	names, next, err := s.pageQueues(in.NextToken, in.MaxResults, func(q *queue) bool { return q.cfg.Load().redriveARN == dlq.arn })
	if err != nil {
		return nil, err
	}
	out := &ListDeadLetterSourceQueuesOutput{QueueUrls: []string{}, NextToken: next}
	for _, n := range names {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(ctx, n))
	}
	return out, nil
}

// pageQueues returns, in name order, the names of the queues keep accepts after the page
// token, at most maxResults (1–1000; default 1000), and the token of the next page (only when
// maxResults was given and more remain, as SQS does).
func (s *Service) pageQueues(token string, maxResults *int, keep func(*queue) bool) ([]string, string, error) {
	limit := 1000
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > 1000 {
			return nil, "", errParamValue(*maxResults, "MaxResults", "MaxResults must be an integer between 1 and 1000.")
		}
		limit = *maxResults
	}
	after := ""
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", errInvalidParam("Invalid NextToken value.")
		}
		after = string(b)
	}
	s.mu.RLock()
	var names []string
	for name, q := range s.queues {
		if name > after && keep(q) {
			names = append(names, name)
		}
	}
	s.mu.RUnlock()
	sort.Strings(names)
	next := ""
	if len(names) > limit {
		names = names[:limit]
		if maxResults != nil {
			next = base64.RawURLEncoding.EncodeToString([]byte(names[limit-1]))
		}
	}
	return names, next, nil
}

// hasPrefix returns a pageQueues filter on the queue name.
func hasPrefix(prefix string) func(*queue) bool {
	return func(q *queue) bool { return strings.HasPrefix(q.name, prefix) }
}
