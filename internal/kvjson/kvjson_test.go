package kvjson

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

type item struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func newStore(t *testing.T) Store {
	t.Helper()
	kv, err := memstore.New().KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	return Store{KV: kv, Owner: "test"}
}

// racingKV makes the next `races` conditional writes fail as if another writer won.
type racingKV struct {
	eventrail.KV
	races int
	calls int
}

func (r *racingKV) lose() bool {
	r.calls++
	if r.races > 0 {
		r.races--
		return true
	}
	return false
}

func (r *racingKV) Create(ctx context.Context, key string, v []byte) (uint64, error) {
	if r.lose() {
		return 0, eventrail.ErrExists
	}
	return r.KV.Create(ctx, key, v)
}

func (r *racingKV) Update(ctx context.Context, key string, v []byte, rev uint64) (uint64, error) {
	if r.lose() {
		return 0, eventrail.ErrConflict
	}
	return r.KV.Update(ctx, key, v, rev)
}

var ctx = context.Background()

func TestGetAndList(t *testing.T) {
	s := newStore(t)
	var v item
	if _, found, err := s.Get(ctx, "a/1", &v); found || err != nil {
		t.Fatalf("absent key: found=%v err=%v", found, err)
	}
	for _, it := range []item{{"x", 1}, {"y", 2}} {
		if _, err := s.KV.Put(ctx, "a/"+it.Name, s.Marshal(it)); err != nil {
			t.Fatal(err)
		}
	}
	rev, found, err := s.Get(ctx, "a/y", &v)
	if err != nil || !found || rev == 0 || v != (item{"y", 2}) {
		t.Fatalf("Get = %d %v %v %+v", rev, found, err, v)
	}
	all, err := List[item](ctx, s, "a/")
	if err != nil || len(all) != 2 || all[0].Name != "x" || all[1].Name != "y" {
		t.Fatalf("List = %+v, %v", all, err)
	}
	if _, err := s.KV.Put(ctx, "a/z", []byte("{bad")); err != nil {
		t.Fatal(err)
	}
	if _, err := List[item](ctx, s, "a/"); err == nil || !strings.HasPrefix(err.Error(), `test: corrupt value at "a/z": `) {
		t.Fatalf("List over a corrupt value: %v", err)
	}
	if _, _, err := s.Get(ctx, "a/z", &v); err == nil || !strings.HasPrefix(err.Error(), `test: corrupt value at "a/z": `) {
		t.Fatalf("Get of a corrupt value: %v", err)
	}
}

func TestMutateJSONCreatesUpdatesRemoves(t *testing.T) {
	s := newStore(t)
	bump := func(v *item, exists bool) (Change, error) {
		if !exists {
			v.Name = "k"
		}
		v.Count++
		return Write, nil
	}
	for range 3 {
		if err := MutateJSON(ctx, s, "k", bump); err != nil {
			t.Fatal(err)
		}
	}
	var v item
	if _, _, err := s.Get(ctx, "k", &v); err != nil || v != (item{"k", 3}) {
		t.Fatalf("after 3 bumps: %+v %v", v, err)
	}
	keepErr := errors.New("refused")
	if err := MutateJSON(ctx, s, "k", func(*item, bool) (Change, error) { return Keep, keepErr }); err != keepErr {
		t.Fatalf("fn error = %v", err)
	}
	if err := MutateJSON(ctx, s, "k", func(*item, bool) (Change, error) { return Remove, nil }); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Get(ctx, "k", &v); found {
		t.Fatal("key survived Remove")
	}
	if err := MutateJSON(ctx, s, "k", func(*item, bool) (Change, error) { return Remove, nil }); err != nil {
		t.Fatalf("Remove of an absent key: %v", err)
	}
}

func TestMutateRetriesLostRacesThenGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		races   int
		wantErr bool
	}{
		{"one race", 1, false},
		{"just under the bound", MaxConflictRetries - 1, false},
		{"every attempt lost", MaxConflictRetries, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := newStore(t)
			r := &racingKV{KV: base.KV, races: tc.races}
			s := Store{KV: r, Owner: "test"}
			calls := 0
			err := s.Mutate(ctx, "k", func([]byte, bool) ([]byte, Change, error) {
				calls++
				return []byte(`{}`), Write, nil
			})
			if tc.wantErr {
				e, ok := eventrail.AsError(err)
				if !ok || e.Code != eventrail.CodeConcurrentModification ||
					e.Message != "Another process is modifying the resource. Retry the request." {
					t.Fatalf("err = %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if want := min(tc.races+1, MaxConflictRetries); calls != want {
				t.Fatalf("fn called %d times, want %d", calls, want)
			}
		})
	}
}

func TestUpdateRetriesConflicts(t *testing.T) {
	base := newStore(t)
	if _, err := base.KV.Put(ctx, "k", []byte(`{"count":0}`)); err != nil {
		t.Fatal(err)
	}
	r := &racingKV{KV: base.KV, races: 2}
	s := Store{KV: r, Owner: "test"}
	next := func() ([]byte, uint64, error) {
		var v item
		rev, _, err := s.Get(ctx, "k", &v)
		v.Count++
		return s.Marshal(v), rev, err
	}
	if err := s.Update(ctx, "k", next); err != nil {
		t.Fatal(err)
	}
	var v item
	if _, _, err := s.Get(ctx, "k", &v); err != nil || v.Count != 1 || r.calls != 3 {
		t.Fatalf("count %d after %d writes (%v)", v.Count, r.calls, err)
	}
	r.races = MaxConflictRetries
	if e, ok := eventrail.AsError(s.Update(ctx, "k", next)); !ok || e.Code != eventrail.CodeConcurrentModification {
		t.Fatalf("Update with every race lost: %v", e)
	}
	stop := errors.New("stop")
	if err := s.Update(ctx, "k", func() ([]byte, uint64, error) { return nil, 0, stop }); err != stop {
		t.Fatalf("next error = %v", err)
	}
}

func TestMarshalPanicsWithOwner(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "test: marshal chan int: ") {
			t.Fatalf("recovered %v", r)
		}
	}()
	Store{Owner: "test"}.Marshal(make(chan int))
}
