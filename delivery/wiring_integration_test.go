//go:build integration

package delivery

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/router"
)

// wireMemstore opens what the integration tests wire ingester → router → engine on: a memstore
// (closed when t ends) with the control KV, the bus log and the hand-off log, and put, which
// stores v as JSON under key in the control KV or fails t.
func wireMemstore(ctx context.Context, t *testing.T) (kv eventrail.KV, busLog, handoffs eventrail.Log, put func(key string, v any)) {
	t.Helper()
	st := memstore.New()
	t.Cleanup(func() { st.Close() })
	kv, _ = st.KV(ctx, eventrail.KVBucketControl)
	busLog, _ = st.Log(ctx, "buslog", eventrail.LogOptions{WorkQueue: true})
	handoffs, _ = st.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
	put = func(key string, v any) {
		b, _ := json.Marshal(v)
		if _, err := kv.Put(ctx, key, b); err != nil {
			t.Fatal(err)
		}
	}
	return kv, busLog, handoffs, put
}

// routeThrough runs e and a router that dispatches bus-log records to it until ctx ends, waits
// for the router to be ready, and returns an Ingester on busLog (closed when t ends).
func routeThrough(ctx context.Context, t *testing.T, kv eventrail.KV, busLog eventrail.Log, e *Engine) *router.Ingester {
	t.Helper()
	go e.Run(ctx)
	rt, err := router.New(router.Options{Account: eventrail.DefaultAccount, KV: kv, BusLog: busLog, Dispatcher: e})
	if err != nil {
		t.Fatal(err)
	}
	go rt.Run(ctx)
	<-rt.Ready()
	ing := router.NewIngester(busLog, router.IngesterOptions{})
	t.Cleanup(func() { ing.Close() })
	return ing
}
