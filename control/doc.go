// Package control is eventrail's EventBridge control plane and the validation half of
// PutEvents: event buses, rules, targets, tags and bus permissions, stored in the control KV
// bucket (layout in the root package's keys.go), plus PutEvents and TestEventPattern.
//
// Every operation is a method of *Service with the shape
//
//	func (s *Service) Op(ctx context.Context, in *OpInput) (*OpOutput, error)
//
// whose input and output structs carry AWS's wire member names as JSON tags, so the JSON 1.1
// edge decodes a request body straight into the input and encodes the output as the response.
// Operations lists them all by operation name. Errors returned to clients are *eventrail.Error
// values with AWS's error type and exact message; any other error is an internal failure.
//
// State changes use optimistic concurrency (KV Create/Update with revisions, retried on
// conflict), so several processes sharing one store stay consistent. A Service is safe for
// concurrent use.
package control
