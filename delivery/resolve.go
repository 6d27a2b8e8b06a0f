package delivery

import (
	"fmt"
	"strings"

	"github.com/eventrail/eventrail"
)

// Service names that are not an ARN's service field verbatim.
const (
	ServiceAPIDestination = "api-destination" // arn:…:events:…:api-destination/…
)

// ServiceOf returns the driver name for a target ARN: the ARN's service field, except that
// events ARNs of API destinations give "api-destination". ok is false when arn is not an ARN.
func ServiceOf(arn string) (service string, ok bool) {
	// The fields of eventrail.ParseARN, read in place: this runs once per attempt.
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return "", false
	}
	_, rest, _ = strings.Cut(rest, ":") // partition
	service, rest, ok = strings.Cut(rest, ":")
	if !ok || service == "" {
		return "", false
	}
	_, rest, _ = strings.Cut(rest, ":") // region
	_, resource, ok := strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	if service == "events" && strings.HasPrefix(resource, "api-destination/") {
		return ServiceAPIDestination, true
	}
	return service, true
}

// Resolve returns the driver for arn, or a non-retryable NO_RESOURCE *eventrail.DeliveryError
// when the ARN is malformed or no driver serves its service.
func Resolve(drivers map[string]eventrail.Deliverer, arn string) (eventrail.Deliverer, error) {
	svc, ok := ServiceOf(arn)
	if !ok {
		return nil, &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: fmt.Sprintf("Target ARN %s is not a valid ARN.", arn)}
	}
	d, ok := drivers[svc]
	if !ok || d == nil {
		return nil, &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: fmt.Sprintf("Targets of service %s are not supported by this server (target %s).", svc, arn)}
	}
	return d, nil
}

// Resolve returns the driver for arn among the engine's drivers (see the package function).
func (e *Engine) Resolve(arn string) (eventrail.Deliverer, error) { return Resolve(e.o.Drivers, arn) }
