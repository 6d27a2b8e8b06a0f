package memstore_test

import (
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/storetest"
)

func TestStoreConformance(t *testing.T) {
	storetest.RunStoreTests(t, func(t *testing.T) eventrail.Store { return memstore.New() })
}
