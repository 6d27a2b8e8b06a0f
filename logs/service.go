package logs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/eventrail/eventrail"
)

// KVBucket is the name of the KV bucket that holds every log group, stream and event.
const KVBucket = "logs"

// Options configure a Service. Store is required; the rest have defaults.
type Options struct {
	Store   eventrail.Store
	Account eventrail.Account // default eventrail.DefaultAccount
	Clock   eventrail.Clock   // default eventrail.SystemClock
}

// Service is the log service. It is safe for concurrent use. Lock order: Service.mu, then a
// stream's mu.
type Service struct {
	kv    eventrail.KV
	acct  eventrail.Account
	clock eventrail.Clock

	mu     sync.RWMutex
	groups map[string]*group
}

var _ eventrail.Deliverer = (*Service)(nil)

// Open loads every log group, stream and event from opts.Store.
func Open(ctx context.Context, opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("logs: Options.Store is required")
	}
	if opts.Account.ID == "" {
		opts.Account = eventrail.DefaultAccount
	}
	if opts.Clock == nil {
		opts.Clock = eventrail.SystemClock{}
	}
	kv, err := opts.Store.KV(ctx, KVBucket)
	if err != nil {
		return nil, fmt.Errorf("logs: open bucket: %w", err)
	}
	s := &Service{kv: kv, acct: opts.Account, clock: opts.Clock, groups: map[string]*group{}}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Operations returns the CloudWatch Logs operations by name, each a func(ctx, *In) (*Out,
// error), for awsjson.Service.RegisterAll.
func (s *Service) Operations() map[string]any {
	return map[string]any{
		"CreateLogGroup":        s.CreateLogGroup,
		"DeleteLogGroup":        s.DeleteLogGroup,
		"DescribeLogGroups":     s.DescribeLogGroups,
		"PutRetentionPolicy":    s.PutRetentionPolicy,
		"DeleteRetentionPolicy": s.DeleteRetentionPolicy,
		"CreateLogStream":       s.CreateLogStream,
		"DeleteLogStream":       s.DeleteLogStream,
		"DescribeLogStreams":    s.DescribeLogStreams,
		"PutLogEvents":          s.PutLogEvents,
		"GetLogEvents":          s.GetLogEvents,
		"FilterLogEvents":       s.FilterLogEvents,
	}
}

// groupARN returns "arn:...:log-group:<name>" (logGroupArn; "arn" adds ":*").
func (s *Service) groupARN(name string) string { return s.acct.ARN("logs", "log-group:"+name) }

// lookupGroup returns the group called name, or ResourceNotFoundException.
func (s *Service) lookupGroup(name string) (*group, error) {
	s.mu.RLock()
	g := s.groups[name]
	s.mu.RUnlock()
	if g == nil {
		return nil, errGroupNotFound()
	}
	return g, nil
}

// resolveGroup resolves the logGroupName / logGroupIdentifier pair (an identifier may be a
// name or an ARN, with or without ":*").
func (s *Service) resolveGroup(name, identifier string) (*group, error) {
	switch {
	case name != "" && identifier != "":
		return nil, eventrail.Errorf(CodeValidation, "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case identifier != "":
		name = groupNameFromIdentifier(identifier)
	case name == "":
		return nil, errInvalid("Should provide either logGroupName or logGroupIdentifier.")
	}
	return s.lookupGroup(name)
}

// groupNameFromIdentifier extracts the name from a log group ARN, or returns id unchanged.
func groupNameFromIdentifier(id string) string {
	p, ok := eventrail.ParseARN(id)
	if !ok || p.Service != "logs" {
		return id
	}
	name, found := strings.CutPrefix(p.Resource, "log-group:")
	if !found {
		return id
	}
	return strings.TrimSuffix(name, ":*")
}
