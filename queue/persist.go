package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// KV layout of the "queues" bucket.
const (
	keyQueuePrefix   = "q/" // + name → queueRecord
	keyMessagePrefix = "m/" // + name + "/" + 20-digit seq → messageRecord
)

func queueKey(name string) string { return keyQueuePrefix + name }

func messageKey(queue string, seq uint64) string {
	return fmt.Sprintf("%s%s/%020d", keyMessagePrefix, queue, seq)
}

func (s *Service) putQueue(ctx context.Context, rec *queueRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, queueKey(rec.Name), b); err != nil {
		return fmt.Errorf("queue: store queue %s: %w", rec.Name, err)
	}
	return nil
}

func (s *Service) putMessage(ctx context.Context, queue string, rec *messageRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, messageKey(queue, rec.Seq), b); err != nil {
		return fmt.Errorf("queue: store message: %w", err)
	}
	return nil
}

func (s *Service) deleteMessage(ctx context.Context, queue string, seq uint64) error {
	if err := s.kv.Delete(ctx, messageKey(queue, seq)); err != nil {
		return fmt.Errorf("queue: delete message: %w", err)
	}
	return nil
}

// load rebuilds the in-memory index from the bucket. Messages whose queue no longer exists (a
// DeleteQueue interrupted by a crash) are deleted.
func (s *Service) load(ctx context.Context) error {
	qs, err := s.kv.List(ctx, keyQueuePrefix)
	if err != nil {
		return fmt.Errorf("queue: list queues: %w", err)
	}
	for _, e := range qs {
		var rec queueRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return fmt.Errorf("queue: decode %s: %w", e.Key, err)
		}
		s.queues[rec.Name] = newQueue(rec, s.queueARN(rec.Name))
	}
	ms, err := s.kv.List(ctx, keyMessagePrefix)
	if err != nil {
		return fmt.Errorf("queue: list messages: %w", err)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Key < ms[j].Key })
	now := s.clock.Now()
	for _, e := range ms {
		if err := s.loadMessage(ctx, e, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) loadMessage(ctx context.Context, e eventrail.KVEntry, now time.Time) error {
	var rec messageRecord
	if err := json.Unmarshal(e.Value, &rec); err != nil {
		return fmt.Errorf("queue: decode %s: %w", e.Key, err)
	}
	name := strings.TrimPrefix(e.Key, keyMessagePrefix)
	name = name[:strings.LastIndexByte(name, '/')]
	q := s.queues[name]
	if q == nil || q.rec.Gen != rec.Gen {
		return s.kv.Delete(ctx, e.Key)
	}
	m := newMessage(rec)
	q.add(m)
	if q.fifo && rec.DedupID != "" && now.Sub(rec.Sent) < dedupWindow {
		q.dedup[rec.DedupID] = dedupEntry{at: rec.Sent, id: rec.ID, seq: rec.Seq}
	}
	return nil
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
