package jetstream

import (
	"context"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/storetest"
)

// openTemp opens an embedded store on dir.
func openTemp(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{DataDir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestStoreConformance(t *testing.T) {
	storetest.RunStoreTests(t, func(t *testing.T) eventrail.Store { return openTemp(t, t.TempDir()) })
}

func TestPersistence(t *testing.T) {
	storetest.RunPersistenceTests(t, func(t *testing.T, dir string) eventrail.Store { return openTemp(t, dir) })
}

// TestExternalConformance runs the suite over TCP against a separate embedded server, the path
// an external NATS cluster takes.
func TestExternalConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("second full run of the suite")
	}
	storetest.RunStoreTests(t, func(t *testing.T) eventrail.Store {
		srv, err := Open(context.Background(), Options{DataDir: t.TempDir(), Listen: "127.0.0.1:0"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		if srv.ClientURL() == "" {
			t.Fatal("listening store has no ClientURL")
		}
		ext, err := Open(context.Background(), Options{URL: srv.ClientURL()})
		if err != nil {
			t.Fatal(err)
		}
		return ext
	})
}
