package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// KV layout of the "queues" bucket.
const (
	keyQueuePrefix   = "q/" // + name → queueRecord
	keyMessagePrefix = "m/" // + name + "/" + 20-digit seq → messageRecord (as sent)
	keyStatePrefix   = "v/" // + name + "/" + 20-digit seq → visibility (once received)
)

// visibility is a received message's receive state, stored apart from the message so that a
// receive or a visibility change writes a few bytes, not the body again.
type visibility struct {
	Receives     int       `json:"rc"`
	FirstReceive time.Time `json:"fr"`
	VisibleAt    time.Time `json:"v"`
}

func queueKey(name string) string { return keyQueuePrefix + name }

func messageKey(queue string, seq uint64) string {
	return fmt.Sprintf("%s%s/%020d", keyMessagePrefix, queue, seq)
}

func stateKey(queue string, seq uint64) string {
	return fmt.Sprintf("%s%s/%020d", keyStatePrefix, queue, seq)
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

// putVisibility stores rec's receive state.
func (s *Service) putVisibility(ctx context.Context, queue string, rec *messageRecord) error {
	if _, err := s.kv.Put(ctx, stateKey(queue, rec.Seq), appendVisibility(nil, rec)); err != nil {
		return fmt.Errorf("queue: store receive: %w", err)
	}
	return nil
}

// appendVisibility encodes rec's receive state as the JSON of visibility, without reflection
// (it is written on every receive).
func appendVisibility(dst []byte, rec *messageRecord) []byte {
	dst = append(dst, `{"rc":`...)
	dst = strconv.AppendInt(dst, int64(rec.Receives), 10)
	dst = append(dst, `,"fr":"`...)
	dst = rec.FirstReceive.AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","v":"`...)
	dst = rec.VisibleAt.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, `"}`...)
}

// deleteMessage deletes a message and, if it was ever received, its receive state (second:
// state without a message is an orphan Open removes).
func (s *Service) deleteMessage(ctx context.Context, queue string, m *message) error {
	if err := s.kv.Delete(ctx, messageKey(queue, m.rec.Seq)); err != nil {
		return fmt.Errorf("queue: delete message: %w", err)
	}
	if m.rec.Receives > 0 {
		if err := s.kv.Delete(ctx, stateKey(queue, m.rec.Seq)); err != nil {
			return fmt.Errorf("queue: delete message: %w", err)
		}
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
	states, err := s.loadStates(ctx)
	if err != nil {
		return err
	}
	ms, err := s.kv.List(ctx, keyMessagePrefix)
	if err != nil {
		return fmt.Errorf("queue: list messages: %w", err)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Key < ms[j].Key })
	now := s.clock.Now()
	for _, e := range ms {
		if err := s.loadMessage(ctx, e, states, now); err != nil {
			return err
		}
	}
	for key := range states { // receive state of a message that is gone
		if err := s.kv.Delete(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// loadStates reads every stored receive state, by message key.
func (s *Service) loadStates(ctx context.Context) (map[string]visibility, error) {
	es, err := s.kv.List(ctx, keyStatePrefix)
	if err != nil {
		return nil, fmt.Errorf("queue: list receive states: %w", err)
	}
	out := make(map[string]visibility, len(es))
	for _, e := range es {
		var v visibility
		if err := json.Unmarshal(e.Value, &v); err != nil {
			return nil, fmt.Errorf("queue: decode %s: %w", e.Key, err)
		}
		out[e.Key] = v
	}
	return out, nil
}

func (s *Service) loadMessage(ctx context.Context, e eventrail.KVEntry, states map[string]visibility, now time.Time) error {
	var rec messageRecord
	if err := json.Unmarshal(e.Value, &rec); err != nil {
		return fmt.Errorf("queue: decode %s: %w", e.Key, err)
	}
	name := strings.TrimPrefix(e.Key, keyMessagePrefix)
	name = name[:strings.LastIndexByte(name, '/')]
	sk := keyStatePrefix + strings.TrimPrefix(e.Key, keyMessagePrefix)
	v, received := states[sk]
	delete(states, sk)
	q := s.queues[name]
	if q == nil || q.rec.Gen != rec.Gen {
		if received {
			if err := s.kv.Delete(ctx, sk); err != nil {
				return err
			}
		}
		return s.kv.Delete(ctx, e.Key)
	}
	if received {
		rec.Receives, rec.FirstReceive, rec.VisibleAt = v.Receives, v.FirstReceive, v.VisibleAt
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
