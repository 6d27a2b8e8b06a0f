package apidest

import (
	"context"
)

// ResolveTaggable serves the tagging operations (control.Options.ResolveTaggable) for
// connection and API-destination ARNs: it returns the ARN when that resource exists, or the
// resource's ResourceNotFoundException. handled is false for every other ARN, which the
// caller resolves elsewhere.
func (s *Service) ResolveTaggable(ctx context.Context, arn string) (resolved string, handled bool, err error) {
	if name, ok := nameInARN(arn, "connection"); ok {
		c, _, err := s.getConnection(ctx, name, "describe")
		if err == nil && c.Arn != arn {
			err = errConnectionNotFound("describe", name)
		}
		return arn, true, err
	}
	if name, ok := nameInARN(arn, "api-destination"); ok {
		d, _, err := s.getDestination(ctx, name, "describe")
		if err == nil && d.Arn != arn {
			err = errDestinationNotFound("describe", name)
		}
		return arn, true, err
	}
	return arn, false, nil
}
