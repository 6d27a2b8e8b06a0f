package logs

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
)

// KV layout of the "logs" bucket. ':' separates names because neither group nor stream names
// may contain it.
const (
	keyGroupPrefix  = "g/" // + group → groupRecord
	keyStreamPrefix = "s/" // + group + ":" + stream → streamRecord
	keyEventPrefix  = "e/" // + group + ":" + stream + ":" + 20-digit batch seq → batchRecord
)

func groupKey(g string) string        { return keyGroupPrefix + g }
func streamKey(g, st string) string   { return keyStreamPrefix + g + ":" + st }
func batchPrefix(g, st string) string { return keyEventPrefix + g + ":" + st + ":" }
func batchKey(g, st string, seq uint64) string {
	return fmt.Sprintf("%s%020d", batchPrefix(g, st), seq)
}

func (s *Service) put(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, key, b); err != nil {
		return fmt.Errorf("logs: store %s: %w", key, err)
	}
	return nil
}

// deletePrefix deletes every key under prefix.
func (s *Service) deletePrefix(ctx context.Context, prefix string) error {
	es, err := s.kv.List(ctx, prefix)
	if err != nil {
		return fmt.Errorf("logs: list %s: %w", prefix, err)
	}
	for _, e := range es {
		if err := s.kv.Delete(ctx, e.Key); err != nil {
			return fmt.Errorf("logs: delete %s: %w", e.Key, err)
		}
	}
	return nil
}

// eventID is a stable, unique, decimal id for event i of a batch of a stream.
func eventID(streamGen string, batch uint64, i int) string {
	h := fnv.New64a()
	h.Write([]byte(streamGen))
	return fmt.Sprintf("%020d%020d%05d", h.Sum64(), batch, i)
}

// load rebuilds the in-memory index. Streams and batches left behind by an interrupted
// delete (their group or stream is gone or was re-created) are deleted.
func (s *Service) load(ctx context.Context) error {
	gs, err := s.kv.List(ctx, keyGroupPrefix)
	if err != nil {
		return fmt.Errorf("logs: list groups: %w", err)
	}
	for _, e := range gs {
		var rec groupRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return fmt.Errorf("logs: decode %s: %w", e.Key, err)
		}
		s.groups[rec.Name] = &group{rec: rec, streams: map[string]*stream{}}
	}
	if err := s.loadStreams(ctx); err != nil {
		return err
	}
	return s.loadBatches(ctx)
}

func (s *Service) loadStreams(ctx context.Context) error {
	ss, err := s.kv.List(ctx, keyStreamPrefix)
	if err != nil {
		return fmt.Errorf("logs: list streams: %w", err)
	}
	for _, e := range ss {
		var rec streamRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return fmt.Errorf("logs: decode %s: %w", e.Key, err)
		}
		gname, _, _ := strings.Cut(strings.TrimPrefix(e.Key, keyStreamPrefix), ":")
		g := s.groups[gname]
		if g == nil || g.rec.Gen != rec.GroupGen {
			if err := s.kv.Delete(ctx, e.Key); err != nil {
				return err
			}
			continue
		}
		g.streams[rec.Name] = &stream{rec: rec, group: gname}
	}
	return nil
}

func (s *Service) loadBatches(ctx context.Context) error {
	bs, err := s.kv.List(ctx, keyEventPrefix)
	if err != nil {
		return fmt.Errorf("logs: list events: %w", err)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].Key < bs[j].Key })
	for _, e := range bs {
		var rec batchRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return fmt.Errorf("logs: decode %s: %w", e.Key, err)
		}
		st := s.streamOfBatchKey(e.Key)
		if st == nil || st.rec.Gen != rec.StreamGen {
			if err := s.kv.Delete(ctx, e.Key); err != nil {
				return err
			}
			continue
		}
		st.insert(batchEvents(&rec))
		st.nextBatch = rec.Seq + 1
		st.lastIngest = max(st.lastIngest, rec.Ingested)
	}
	return nil
}

// streamOfBatchKey finds the stream a batch key belongs to, or nil.
func (s *Service) streamOfBatchKey(key string) *stream {
	rest := strings.TrimPrefix(key, keyEventPrefix)
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return nil
	}
	if _, err := strconv.ParseUint(rest[i+1:], 10, 64); err != nil {
		return nil
	}
	gname, sname, ok := strings.Cut(rest[:i], ":")
	if !ok || s.groups[gname] == nil {
		return nil
	}
	return s.groups[gname].streams[sname]
}

// batchEvents turns a stored batch into in-memory events.
func batchEvents(rec *batchRecord) []event {
	evs := make([]event, len(rec.Events))
	for i, e := range rec.Events {
		evs[i] = event{ts: e.T, msg: e.M, ingested: rec.Ingested, id: eventID(rec.StreamGen, rec.Seq, i)}
	}
	return evs
}
