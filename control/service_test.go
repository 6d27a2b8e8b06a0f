package control

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// Every operation has the shape the edge registers: func(context.Context, *In) (*Out, error).
func TestOperationsShape(t *testing.T) {
	e := newEnv(t)
	ops := e.s.Operations()
	var names []string
	ctxType, errType := reflect.TypeFor[context.Context](), reflect.TypeFor[error]()
	for name, fn := range ops {
		names = append(names, name)
		ft := reflect.TypeOf(fn)
		if ft.NumIn() != 2 || ft.NumOut() != 2 || ft.In(0) != ctxType || ft.Out(1) != errType ||
			ft.In(1).Kind() != reflect.Pointer || ft.Out(0).Kind() != reflect.Pointer ||
			ft.In(1).Elem().Name() != name+"Input" || ft.Out(0).Elem().Name() != name+"Output" {
			t.Errorf("%s has type %s", name, ft)
		}
	}
	slices.Sort(names)
	want := []string{"CreateEventBus", "DeleteEventBus", "DeleteRule", "DescribeEventBus", "DescribeRule", "DisableRule",
		"EnableRule", "ListEventBuses", "ListRuleNamesByTarget", "ListRules", "ListTagsForResource", "ListTargetsByRule",
		"PutEvents", "PutPermission", "PutRule", "PutTargets", "RemovePermission", "RemoveTargets", "TagResource",
		"TestEventPattern", "UntagResource", "UpdateEventBus"}
	if !slices.Equal(names, want) {
		t.Fatalf("operations %v", names)
	}
}

func TestNewRequiresStorage(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New without KV succeeded")
	}
	e := newEnv(t)
	if _, err := New(Options{KV: e.kv}); err == nil {
		t.Fatal("New without Ingester succeeded")
	}
	s, err := New(Options{KV: e.kv, Ingester: e.ing, MaxPatternLength: 10000})
	mustOK(t, err)
	if s.o.MaxPatternLength != HardMaxPatternLength || s.o.MaxTargetsPerRule != 5 || s.o.MaxBuses != 100 || s.o.Account.ID != "000000000000" {
		t.Fatalf("defaults %+v", s.o)
	}
}
