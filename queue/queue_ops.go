package queue

import (
	"context"
	"maps"
	"regexp"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/google/uuid"
)

var queueNameRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

const fifoSuffix = ".fifo"

func isFIFOName(name string) bool { return strings.HasSuffix(name, fifoSuffix) }

// validateQueueName checks a CreateQueue name against the queue kind asked for.
func validateQueueName(name string, fifo bool) error {
	base := name
	if isFIFOName(name) {
		base = strings.TrimSuffix(name, fifoSuffix) + "_fifo" // the suffix counts toward 80
	}
	switch {
	case fifo && !isFIFOName(name):
		return errInvalidParam("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	case !fifo && isFIFOName(name), !queueNameRe.MatchString(base):
		return errInvalidParam("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	return nil
}

// CreateQueue creates a queue, or returns the URL of an existing one whose attributes agree.
func (s *Service) CreateQueue(ctx context.Context, in *CreateQueueInput) (*CreateQueueOutput, error) {
	fifo := in.Attributes[attrFifoQueue] == "true"
	if err := validateQueueName(in.QueueName, fifo); err != nil {
		return nil, err
	}
	attrs := maps.Clone(in.Attributes)
	if !fifo {
		delete(attrs, attrFifoQueue) // "false" on a standard queue says nothing
	}
	if err := validateAttributes(attrs, fifo, true); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queues[in.QueueName]; q != nil {
		return s.createExisting(ctx, q, attrs)
	}
	now := s.clock.Now().UTC()
	rec := queueRecord{Name: in.QueueName, Gen: uuid.NewString(), Created: now, Modified: now,
		Attributes: defaultAttributes(fifo), Tags: maps.Clone(in.Tags)}
	for k, v := range attrs {
		rec.Attributes[k] = v
	}
	if rec.Attributes[attrRedrivePolicy] == "" {
		delete(rec.Attributes, attrRedrivePolicy)
	}
	if err := s.putQueue(ctx, &rec); err != nil {
		return nil, err
	}
	s.queues[rec.Name] = newQueue(rec, s.queueARN(rec.Name))
	return &CreateQueueOutput{QueueUrl: s.queueURL(ctx, rec.Name)}, nil
}

// createExisting answers CreateQueue for a name already taken. Caller holds s.mu.
func (s *Service) createExisting(ctx context.Context, q *queue, attrs map[string]string) (*CreateQueueOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range sortedKeys(attrs) {
		if q.rec.Attributes[k] != attrs[k] {
			return nil, eventrail.Errorf(CodeQueueNameExists, "A queue already exists with the same name and a different value for attribute %s", k)
		}
	}
	return &CreateQueueOutput{QueueUrl: s.queueURL(ctx, q.name)}, nil
}

func defaultAttributes(fifo bool) map[string]string {
	a := maps.Clone(standardDefaults)
	if fifo {
		maps.Copy(a, fifoDefaults)
	}
	return a
}

// GetQueueUrl returns the URL of the queue called QueueName.
func (s *Service) GetQueueUrl(ctx context.Context, in *GetQueueUrlInput) (*GetQueueUrlOutput, error) {
	if in.QueueName == "" {
		return nil, errMissing("QueueName")
	}
	if in.QueueOwnerAWSAccountId != "" && in.QueueOwnerAWSAccountId != s.acct.ID {
		return nil, errQueueDoesNotExist()
	}
	q, err := s.lookup(in.QueueName)
	if err != nil {
		return nil, err
	}
	return &GetQueueUrlOutput{QueueUrl: s.queueURL(ctx, q.name)}, nil
}

// ListQueues lists queue URLs in name order, optionally by prefix and page.
func (s *Service) ListQueues(ctx context.Context, in *ListQueuesInput) (*ListQueuesOutput, error) {
	names, next, err := s.pageQueues(in.NextToken, in.MaxResults, hasPrefix(in.QueueNamePrefix))
	if err != nil {
		return nil, err
	}
	out := &ListQueuesOutput{NextToken: next}
	for _, n := range names {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(ctx, n))
	}
	return out, nil
}

// DeleteQueue deletes a queue and every message in it.
func (s *Service) DeleteQueue(ctx context.Context, in *QueueUrlInput) (*Empty, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.queues[q.name] == q {
		delete(s.queues, q.name)
	}
	s.mu.Unlock()
	q.mu.Lock()
	q.deleted = true
	msgs := make([]*message, 0, len(q.msgs))
	for _, m := range q.msgs {
		msgs = append(msgs, m)
	}
	q.signal()
	q.mu.Unlock()
	// The queue record goes first: messages left behind by a crash are orphans Open removes.
	if err := s.kv.Delete(ctx, queueKey(q.name)); err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if err := s.deleteMessage(ctx, q.name, m); err != nil {
			return nil, err
		}
	}
	return &Empty{}, nil
}

// GetQueueAttributes returns the attributes named in AttributeNames ("All" for every one).
func (s *Service) GetQueueAttributes(ctx context.Context, in *GetQueueAttributesInput) (*GetQueueAttributesOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	attrs, err := s.queueAttributes(q, in.AttributeNames)
	if err != nil {
		return nil, err
	}
	return &GetQueueAttributesOutput{Attributes: attrs}, nil
}

// SetQueueAttributes changes settable attributes; an empty RedrivePolicy removes it.
func (s *Service) SetQueueAttributes(ctx context.Context, in *SetQueueAttributesInput) (*Empty, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(in.Attributes) {
		if readOnlyAttrs[k] {
			return nil, errUnknownAttribute(k)
		}
	}
	if err := validateAttributes(in.Attributes, q.fifo, false); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	rec := q.rec
	rec.Attributes = maps.Clone(q.rec.Attributes)
	maps.Copy(rec.Attributes, in.Attributes)
	if rec.Attributes[attrRedrivePolicy] == "" {
		delete(rec.Attributes, attrRedrivePolicy)
	}
	rec.Modified = s.clock.Now().UTC()
	if err := s.putQueue(ctx, &rec); err != nil {
		return nil, err
	}
	q.rec = rec
	q.cfg.Store(parseConfig(rec.Attributes))
	q.signal()
	return &Empty{}, nil
}

// purgeInterval is how often PurgeQueue may be called on one queue.
const purgeInterval = 60 * time.Second

// PurgeQueue deletes every message in the queue; AWS allows one purge per queue a minute.
func (s *Service) PurgeQueue(ctx context.Context, in *QueueUrlInput) (*Empty, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	now := s.clock.Now()
	if !q.lastPurge.IsZero() && now.Sub(q.lastPurge) < purgeInterval {
		return nil, eventrail.Errorf(CodePurgeQueueInProgress, "Only one PurgeQueue operation on %s is allowed every 60 seconds.", q.name)
	}
	for _, m := range q.msgs {
		if err := s.deleteMessage(ctx, q.name, m); err != nil {
			return nil, err
		}
		q.remove(m)
	}
	q.lastPurge = now
	return &Empty{}, nil
}
