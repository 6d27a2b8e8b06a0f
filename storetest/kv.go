package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
)

// awkwardKeys are keys a backend must store verbatim whatever its native key syntax: dots,
// slashes, ARNs, wildcards, escapes, spaces, non-ASCII, empty path segments.
var awkwardKeys = []string{
	"a",
	"bus/default",
	"rule/my.bus/a..b",
	"tags/arn:aws:events:us-east-1:000000000000:rule/x",
	"targets/b/r",
	"with space",
	"tab\tand\nnewline",
	"unicode/é✓日本",
	".leading.dot",
	"trailing.dot.",
	"...",
	"slash//double",
	"/lead",
	"trail/",
	"/",
	"*",
	">",
	"a.*.>",
	"a/*/>",
	"percent%2E%",
	"=3D=",
	"_under_",
	"-dash-",
	"$JS.API",
	strings.Repeat("long/", 60) + "end",
}

func runKVTests(t *testing.T, open opener) {
	t.Run("GetMissing", func(t *testing.T) {
		kv := openKV(t, open(t), "b")
		if _, err := kv.Get(ctxFor(t), "nope"); !errors.Is(err, eventrail.ErrNotFound) {
			t.Fatalf("Get missing: %v, want ErrNotFound", err)
		}
	})
	t.Run("PutGet", func(t *testing.T) { testPutGet(t, open) })
	t.Run("Create", func(t *testing.T) { testCreate(t, open) })
	t.Run("Update", func(t *testing.T) { testUpdate(t, open) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, open) })
	t.Run("AwkwardKeys", func(t *testing.T) { testAwkwardKeys(t, open) })
	t.Run("ListPrefix", func(t *testing.T) { testListPrefix(t, open) })
	t.Run("BucketsIndependent", func(t *testing.T) { testBucketsIndependent(t, open) })
	t.Run("ConcurrentUpdate", func(t *testing.T) { testConcurrentUpdate(t, open) })
}

func testPutGet(t *testing.T, open opener) {
	ctx := ctxFor(t)
	s := open(t)
	kv := openKV(t, s, "b")
	r1, err := kv.Put(ctx, "k", []byte("one"))
	if err != nil || r1 == 0 {
		t.Fatalf("Put: rev %d, %v", r1, err)
	}
	r2, err := kv.Put(ctx, "k", []byte("two"))
	if err != nil || r2 <= r1 {
		t.Fatalf("second Put: rev %d (first %d), %v", r2, r1, err)
	}
	e, err := kv.Get(ctx, "k")
	if err != nil || e.Key != "k" || string(e.Value) != "two" || e.Revision != r2 || e.Deleted {
		t.Fatalf("Get = %+v, %v; want k=two rev %d", e, err, r2)
	}
	// Values are binary-safe, may be empty, and the store does not keep the caller's slice.
	bin := []byte{0, 1, 2, 0xff, 0}
	if _, err := kv.Put(ctx, "bin", bin); err != nil {
		t.Fatal(err)
	}
	bin[0] = 9
	if e, _ := kv.Get(ctx, "bin"); !bytes.Equal(e.Value, []byte{0, 1, 2, 0xff, 0}) {
		t.Fatalf("binary value = %v", e.Value)
	}
	if _, err := kv.Put(ctx, "empty", nil); err != nil {
		t.Fatal(err)
	}
	if e, err := kv.Get(ctx, "empty"); err != nil || len(e.Value) != 0 {
		t.Fatalf("empty value: %+v, %v", e, err)
	}
	// The same bucket opened again sees the same data.
	if e, err := openKV(t, s, "b").Get(ctx, "k"); err != nil || string(e.Value) != "two" {
		t.Fatalf("reopened bucket Get = %+v, %v", e, err)
	}
}

func testCreate(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	r, err := kv.Create(ctx, "k", []byte("v1"))
	if err != nil || r == 0 {
		t.Fatalf("Create: %d, %v", r, err)
	}
	if _, err := kv.Create(ctx, "k", []byte("v2")); !errors.Is(err, eventrail.ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if e, _ := kv.Get(ctx, "k"); string(e.Value) != "v1" {
		t.Fatalf("value after failed Create = %q", e.Value)
	}
	if err := kv.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	r3, err := kv.Create(ctx, "k", []byte("v3"))
	if err != nil || r3 <= r {
		t.Fatalf("Create after Delete: %d, %v", r3, err)
	}
	if e, _ := kv.Get(ctx, "k"); string(e.Value) != "v3" || e.Revision != r3 {
		t.Fatalf("after re-Create: %+v", e)
	}
}

func testUpdate(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	r1, _ := kv.Put(ctx, "k", []byte("v1"))
	r2, err := kv.Update(ctx, "k", []byte("v2"), r1)
	if err != nil || r2 <= r1 {
		t.Fatalf("Update at current rev: %d, %v", r2, err)
	}
	if _, err := kv.Update(ctx, "k", []byte("stale"), r1); !errors.Is(err, eventrail.ErrConflict) {
		t.Fatalf("Update at stale rev: %v, want ErrConflict", err)
	}
	if _, err := kv.Update(ctx, "k", []byte("future"), r2+100); !errors.Is(err, eventrail.ErrConflict) {
		t.Fatalf("Update at future rev: %v, want ErrConflict", err)
	}
	if e, _ := kv.Get(ctx, "k"); string(e.Value) != "v2" || e.Revision != r2 {
		t.Fatalf("after conflicts: %+v", e)
	}
	if _, err := kv.Update(ctx, "missing", []byte("x"), r2); !errors.Is(err, eventrail.ErrConflict) {
		t.Fatalf("Update of missing key: %v, want ErrConflict", err)
	}
	// Another key's write moves the bucket on; k's revision still works for k.
	kv.Put(ctx, "other", []byte("o"))
	if _, err := kv.Update(ctx, "k", []byte("v3"), r2); err != nil {
		t.Fatalf("Update after unrelated write: %v", err)
	}
}

func testDelete(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	if err := kv.Delete(ctx, "never"); err != nil {
		t.Fatalf("Delete missing: %v", err)
	}
	kv.Put(ctx, "k", []byte("v"))
	kv.Put(ctx, "k2", []byte("v"))
	if err := kv.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Get(ctx, "k"); !errors.Is(err, eventrail.ErrNotFound) {
		t.Fatalf("Get deleted: %v", err)
	}
	if err := kv.Delete(ctx, "k"); err != nil {
		t.Fatalf("Delete twice: %v", err)
	}
	if _, err := kv.Update(ctx, "k2", []byte("x"), 0); !errors.Is(err, eventrail.ErrConflict) {
		t.Fatalf("Update at revision 0: %v, want ErrConflict", err)
	}
	r, _ := kv.Put(ctx, "k3", []byte("v"))
	kv.Delete(ctx, "k3")
	if _, err := kv.Update(ctx, "k3", []byte("x"), r); !errors.Is(err, eventrail.ErrConflict) {
		t.Fatalf("Update of deleted key at its last live revision: %v, want ErrConflict", err)
	}
	l, err := kv.List(ctx, "")
	if err != nil || len(l) != 1 || l[0].Key != "k2" {
		t.Fatalf("List after Delete = %+v, %v", l, err)
	}
}

func testAwkwardKeys(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	for i, k := range awkwardKeys {
		if _, err := kv.Put(ctx, k, []byte(fmt.Sprint(i))); err != nil {
			t.Fatalf("Put(%q): %v", k, err)
		}
	}
	for i, k := range awkwardKeys {
		e, err := kv.Get(ctx, k)
		if err != nil || e.Key != k || string(e.Value) != fmt.Sprint(i) {
			t.Errorf("Get(%q) = %+v, %v", k, e, err)
		}
	}
	all, err := kv.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := keysOf(all), sortedCopy(awkwardKeys); !equalStrings(got, want) {
		t.Errorf("List keys =\n%q\nwant\n%q", got, want)
	}
	// Every key is found by every one of its own prefixes, and by nothing else.
	for _, k := range awkwardKeys {
		for _, p := range []string{k, k[:len(k)/2], k[:1]} {
			l, err := kv.List(ctx, p)
			if err != nil {
				t.Fatalf("List(%q): %v", p, err)
			}
			if want := withPrefix(awkwardKeys, p); !equalStrings(keysOf(l), want) {
				t.Errorf("List(%q) = %q, want %q", p, keysOf(l), want)
			}
		}
	}
}

func testListPrefix(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	keys := []string{
		eventrail.BusKey("default"), eventrail.BusKey("b1"), eventrail.BusKey("b10"),
		eventrail.RuleKey("b1", "r2"), eventrail.RuleKey("b1", "r1"), eventrail.RuleKey("b10", "r1"),
		eventrail.RuleKey("b1.x", "r"), eventrail.TargetsKey("b1", "r1"),
		eventrail.TagsKey("arn:aws:events:us-east-1:000000000000:event-bus/b1"),
	}
	rand.New(rand.NewSource(1)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for _, k := range keys {
		if _, err := kv.Put(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"", "bus/", "bus/b1", "rule/b1/", "rule/b1", "rule/b10/", "rule/b1.x/",
		"targets/", "tags/arn:aws:events:", "bus/default", "nothing/", "r"} {
		l, err := kv.List(ctx, p)
		if err != nil {
			t.Fatalf("List(%q): %v", p, err)
		}
		if want := withPrefix(keys, p); !equalStrings(keysOf(l), want) {
			t.Errorf("List(%q) = %q, want %q", p, keysOf(l), want)
		}
		for _, e := range l {
			if string(e.Value) != e.Key || e.Revision == 0 || e.Deleted {
				t.Errorf("List(%q) entry %+v", p, e)
			}
		}
	}
}

func testBucketsIndependent(t *testing.T, open opener) {
	ctx := ctxFor(t)
	s := open(t)
	a, b := openKV(t, s, "a"), openKV(t, s, "b_2")
	a.Put(ctx, "k", []byte("a"))
	if _, err := b.Get(ctx, "k"); !errors.Is(err, eventrail.ErrNotFound) {
		t.Fatalf("key leaked across buckets: %v", err)
	}
}

// testConcurrentUpdate: compare-and-set increments from many goroutines lose no update.
func testConcurrentUpdate(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	kv.Put(ctx, "n", []byte("0"))
	const workers, each = 4, 10
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				e, err := kv.Get(ctx, "n")
				if err != nil {
					t.Error(err)
					return
				}
				var n int
				fmt.Sscan(string(e.Value), &n)
				_, err = kv.Update(ctx, "n", []byte(fmt.Sprint(n+1)), e.Revision)
				switch {
				case err == nil:
					done++
				case errors.Is(err, eventrail.ErrConflict): // lost the race; read again
				default:
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e, _ := kv.Get(ctx, "n"); string(e.Value) != fmt.Sprint(workers*each) {
		t.Fatalf("counter = %s, want %d", e.Value, workers*each)
	}
}

func keysOf(es []eventrail.KVEntry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

func withPrefix(keys []string, p string) []string {
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, p) {
			out = append(out, k)
		}
	}
	return sortedCopy(out)
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
