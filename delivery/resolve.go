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
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service == "" {
		return "", false
	}
	if p.Service == "events" && strings.HasPrefix(p.Resource, "api-destination/") {
		return ServiceAPIDestination, true
	}
	return p.Service, true
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
