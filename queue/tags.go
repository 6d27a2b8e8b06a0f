package queue

import (
	"context"
	"maps"
)

// TagQueue adds or replaces tags on a queue.
func (s *Service) TagQueue(ctx context.Context, in *TagQueueInput) (*Empty, error) {
	return s.updateTags(ctx, in.QueueUrl, func(t map[string]string) { maps.Copy(t, in.Tags) })
}

// UntagQueue removes tags from a queue.
func (s *Service) UntagQueue(ctx context.Context, in *UntagQueueInput) (*Empty, error) {
	return s.updateTags(ctx, in.QueueUrl, func(t map[string]string) {
		for _, k := range in.TagKeys {
			delete(t, k)
		}
	})
}

func (s *Service) updateTags(ctx context.Context, url string, edit func(map[string]string)) (*Empty, error) {
	q, err := s.byURL(url)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	rec := q.rec
	rec.Tags = maps.Clone(q.rec.Tags)
	if rec.Tags == nil {
		rec.Tags = map[string]string{}
	}
	edit(rec.Tags)
	if err := s.putQueue(ctx, &rec); err != nil {
		return nil, err
	}
	q.rec = rec
	return &Empty{}, nil
}

// ListQueueTags returns a queue's tags.
func (s *Service) ListQueueTags(ctx context.Context, in *QueueUrlInput) (*ListQueueTagsOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.rec.Tags) == 0 {
		return &ListQueueTagsOutput{}, nil
	}
	return &ListQueueTagsOutput{Tags: maps.Clone(q.rec.Tags)}, nil
}
