package control

import (
	"context"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestDisabledOperationsRefuseClearly(t *testing.T) {
	ops := DisabledOperations()
	if len(ops) != 15 {
		t.Fatalf("%d disabled operations, want the 5 endpoint and 10 partner operations", len(ops))
	}
	fn := ops["CreateEndpoint"].(func(context.Context, *disabledInput) (*disabledOutput, error))
	_, err := fn(context.Background(), &disabledInput{})
	e, ok := eventrail.AsError(err)
	if !ok || e.Code != eventrail.CodeOperationDisabled || e.Message == "" {
		t.Fatalf("CreateEndpoint = %v, want OperationDisabledException", err)
	}
	if e.HTTPStatus() != 400 {
		t.Fatalf("status %d", e.HTTPStatus())
	}
}
