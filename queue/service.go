package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eventrail/eventrail"
)

// KVBucket is the name of the KV bucket that holds every queue and message.
const KVBucket = "queues"

// DefaultBaseURL is the base of queue URLs when neither Options.BaseURL nor the request (see
// WithBaseURL) gives one.
const DefaultBaseURL = "http://localhost:4566"

// LongPollTarget is the X-Amz-Target of ReceiveMessage, the call that may wait up to 20 s for
// messages: an HTTP server must end its context when the client leaves, or the messages it
// then receives are hidden for their visibility timeout with nobody to get them.
const LongPollTarget = "AmazonSQS.ReceiveMessage"

// Options configure a Service. Store is required; the rest have defaults.
type Options struct {
	Store   eventrail.Store
	Account eventrail.Account // default eventrail.DefaultAccount
	Clock   eventrail.Clock   // default eventrail.SystemClock
	// BaseURL is the scheme://host[:port] queue URLs start with when the request does not
	// say (WithBaseURL); default DefaultBaseURL.
	BaseURL string
}

// Service is the queue service. It is safe for concurrent use. Lock order: Service.mu before a
// queue's mu; never two queues' mu at once.
type Service struct {
	kv      eventrail.KV
	acct    eventrail.Account
	clock   eventrail.Clock
	baseURL string
	done    chan struct{}
	once    sync.Once

	mu     sync.RWMutex
	queues map[string]*queue

	waiting atomic.Int64 // long-polling receives currently blocked
}

var _ eventrail.Deliverer = (*Service)(nil)

// Open loads every queue and message from opts.Store and returns the running Service.
func Open(ctx context.Context, opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("queue: Options.Store is required")
	}
	if opts.Account.ID == "" {
		opts.Account = eventrail.DefaultAccount
	}
	if opts.Clock == nil {
		opts.Clock = eventrail.SystemClock{}
	}
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	kv, err := opts.Store.KV(ctx, KVBucket)
	if err != nil {
		return nil, fmt.Errorf("queue: open bucket: %w", err)
	}
	s := &Service{
		kv: kv, acct: opts.Account, clock: opts.Clock,
		baseURL: strings.TrimRight(opts.BaseURL, "/"),
		done:    make(chan struct{}), queues: map[string]*queue{},
	}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Close ends every long-polling ReceiveMessage (they return empty) and makes later long polls
// return at once. It does not close the Store, which the caller owns; the state is all there.
func (s *Service) Close() error {
	s.once.Do(func() { close(s.done) })
	return nil
}

// Operations returns the SQS operations by name, each a func(ctx, *In) (*Out, error), for
// awsjson.Service.RegisterAll.
func (s *Service) Operations() map[string]any {
	return map[string]any{
		"CreateQueue":                  s.CreateQueue,
		"GetQueueUrl":                  s.GetQueueUrl,
		"ListQueues":                   s.ListQueues,
		"DeleteQueue":                  s.DeleteQueue,
		"GetQueueAttributes":           s.GetQueueAttributes,
		"SetQueueAttributes":           s.SetQueueAttributes,
		"PurgeQueue":                   s.PurgeQueue,
		"SendMessage":                  s.SendMessage,
		"SendMessageBatch":             s.SendMessageBatch,
		"ReceiveMessage":               s.ReceiveMessage,
		"DeleteMessage":                s.DeleteMessage,
		"DeleteMessageBatch":           s.DeleteMessageBatch,
		"ChangeMessageVisibility":      s.ChangeMessageVisibility,
		"ChangeMessageVisibilityBatch": s.ChangeMessageVisibilityBatch,
		"TagQueue":                     s.TagQueue,
		"UntagQueue":                   s.UntagQueue,
		"ListQueueTags":                s.ListQueueTags,
		"ListDeadLetterSourceQueues":   s.ListDeadLetterSourceQueues,
	}
}

// queueARN returns the ARN of the queue called name.
func (s *Service) queueARN(name string) string { return s.acct.ARN("sqs", name) }

// lookup returns the live queue called name, or QueueDoesNotExist.
func (s *Service) lookup(name string) (*queue, error) {
	s.mu.RLock()
	q := s.queues[name]
	s.mu.RUnlock()
	if q == nil {
		return nil, errQueueDoesNotExist()
	}
	return q, nil
}

// byURL resolves a QueueUrl parameter.
func (s *Service) byURL(u string) (*queue, error) {
	if u == "" {
		return nil, errMissing("QueueUrl")
	}
	acct, name, ok := parseQueueURL(u)
	if !ok {
		return nil, eventrail.Errorf(CodeInvalidAddress, "The address %s is not valid for this endpoint.", u)
	}
	if acct != "" && acct != s.acct.ID {
		return nil, errQueueDoesNotExist()
	}
	return s.lookup(name)
}

// byARN resolves a queue ARN of this account and region; nil when there is no such queue.
func (s *Service) byARN(arn string) *queue {
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service != "sqs" || p.Account != s.acct.ID || p.Region != s.acct.Region {
		return nil
	}
	q, _ := s.lookup(p.Resource)
	return q
}
