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
