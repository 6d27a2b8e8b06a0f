package control

import (
	"context"
	"strings"

	"github.com/eventrail/eventrail"
)

// CreateEventBusInput is the CreateEventBus request.
type CreateEventBusInput struct {
	Name             string                      `json:"Name"`
	EventSourceName  string                      `json:"EventSourceName,omitempty"`
	Description      string                      `json:"Description,omitempty"`
	KmsKeyIdentifier string                      `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *eventrail.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig                  `json:"LogConfig,omitempty"`
	Tags             []eventrail.Tag             `json:"Tags,omitempty"`
}

// CreateEventBusOutput is the CreateEventBus response.
type CreateEventBusOutput struct {
	EventBusArn      string                      `json:"EventBusArn,omitempty"`
	Description      string                      `json:"Description,omitempty"`
	KmsKeyIdentifier string                      `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *eventrail.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig                  `json:"LogConfig,omitempty"`
}

// CreateEventBus creates a custom event bus (partner buses are not supported).
func (s *Service) CreateEventBus(ctx context.Context, in *CreateEventBusInput) (*CreateEventBusOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeBusName)
	checkStr(&v, in.EventSourceName, "eventSourceName", str{1, 256, patEventSourceName})
	checkStr(&v, in.Description, "description", shapeDescription)
	checkStr(&v, in.KmsKeyIdentifier, "kmsKeyIdentifier", str{0, 2048, patKmsKey})
	checkDLQ(&v, in.DeadLetterConfig, "deadLetterConfig")
	checkLogConfig(&v, in.LogConfig)
	checkTags(&v, in.Tags, "tags")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.EventSourceName != "" {
		return nil, eventrail.Errorf(eventrail.CodeResourceNotFound, "Event source %s does not exist.", in.EventSourceName)
	}
	if strings.Contains(in.Name, "/") {
		return nil, validationError("Event bus name must not contain '/'.")
	}
	if err := s.checkTagList(in.Tags); err != nil {
		return nil, err
	}
	buses, err := s.kv.List(ctx, eventrail.KeyBusPrefix)
	if err != nil {
		return nil, err
	}
	if len(buses) >= s.o.MaxBuses {
		return nil, eventrail.ErrLimitExceeded()
	}
	now := s.now()
	bus := eventrail.EventBus{
		Name:             in.Name,
		Arn:              s.o.Account.BusARN(in.Name),
		Description:      in.Description,
		KmsKeyIdentifier: in.KmsKeyIdentifier,
		DeadLetterConfig: in.DeadLetterConfig,
		LogConfig:        in.LogConfig.raw(),
		CreationTime:     now,
		LastModifiedTime: now,
	}
	if _, err := s.kv.Create(ctx, eventrail.BusKey(in.Name), mustJSON(bus)); err != nil {
		if errorsIsExists(err) {
			return nil, eventrail.Errorf(eventrail.CodeResourceAlreadyExists, "Event bus %s already exists.", in.Name)
		}
		return nil, err
	}
	if len(in.Tags) > 0 {
		if err := s.putTags(ctx, bus.Arn, in.Tags); err != nil {
			return nil, err
		}
	}
	return &CreateEventBusOutput{
		EventBusArn:      bus.Arn,
		Description:      bus.Description,
		KmsKeyIdentifier: bus.KmsKeyIdentifier,
		DeadLetterConfig: bus.DeadLetterConfig,
		LogConfig:        in.LogConfig,
	}, nil
}

// DeleteEventBusInput is the DeleteEventBus request.
type DeleteEventBusInput struct {
	Name string `json:"Name"`
}

// DeleteEventBusOutput is the (empty) DeleteEventBus response.
type DeleteEventBusOutput struct{}

// DeleteEventBus deletes a custom bus together with its rules, their targets and the tags of
// both. Deleting a bus that does not exist succeeds, as on AWS; the default bus cannot be
// deleted.
func (s *Service) DeleteEventBus(ctx context.Context, in *DeleteEventBusInput) (*DeleteEventBusOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeBusName)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Name == eventrail.DefaultBusName {
		return nil, validationError("Cannot delete event bus default.")
	}
	rules, err := listJSON[storedRule](ctx, s, ruleListPrefix(in.Name))
	if err != nil {
		return nil, err
	}
	for _, r := range rules {
		if err := s.deleteRuleKeys(ctx, in.Name, r.Name); err != nil {
			return nil, err
		}
	}
	if err := s.kv.Delete(ctx, eventrail.BusKey(in.Name)); err != nil {
		return nil, err
	}
	s.busSeen.Delete(in.Name)
	if err := s.kv.Delete(ctx, eventrail.TagsKey(s.o.Account.BusARN(in.Name))); err != nil {
		return nil, err
	}
	return &DeleteEventBusOutput{}, nil
}

// DescribeEventBusInput is the DescribeEventBus request.
type DescribeEventBusInput struct {
	Name string `json:"Name,omitempty"`
}

// DescribeEventBusOutput is the DescribeEventBus response.
type DescribeEventBusOutput struct {
	Name             string                      `json:"Name,omitempty"`
	Arn              string                      `json:"Arn,omitempty"`
	Description      string                      `json:"Description,omitempty"`
	KmsKeyIdentifier string                      `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *eventrail.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	Policy           string                      `json:"Policy,omitempty"`
	LogConfig        *LogConfig                  `json:"LogConfig,omitempty"`
	CreationTime     *EpochTime                  `json:"CreationTime,omitempty"`
	LastModifiedTime *EpochTime                  `json:"LastModifiedTime,omitempty"`
}

// DescribeEventBus describes a bus given by name or ARN (default: the default bus).
func (s *Service) DescribeEventBus(ctx context.Context, in *DescribeEventBusInput) (*DescribeEventBusOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.Name, "name", shapeBusNameOrArn)
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus, err := s.getBus(ctx, busNameOf(in.Name))
	if err != nil {
		return nil, err
	}
	return &DescribeEventBusOutput{
		Name:             bus.Name,
		Arn:              bus.Arn,
		Description:      bus.Description,
		KmsKeyIdentifier: bus.KmsKeyIdentifier,
		DeadLetterConfig: bus.DeadLetterConfig,
		Policy:           bus.Policy,
		LogConfig:        logConfigOf(bus.LogConfig),
		CreationTime:     NewEpochTime(bus.CreationTime),
		LastModifiedTime: NewEpochTime(bus.LastModifiedTime),
	}, nil
}

// getBus reads a bus; a missing bus is ResourceNotFoundException with AWS's wording.
func (s *Service) getBus(ctx context.Context, name string) (*eventrail.EventBus, error) {
	var bus eventrail.EventBus
	_, found, err := s.getJSON(ctx, eventrail.BusKey(name), &bus)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, eventrail.ErrBusNotFound(name)
	}
	return &bus, nil
}

// ListEventBusesInput is the ListEventBuses request.
type ListEventBusesInput struct {
	NamePrefix string `json:"NamePrefix,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
	Limit      *int   `json:"Limit,omitempty"`
}

// EventBusSummary is one entry of ListEventBuses.
type EventBusSummary struct {
	Name             string     `json:"Name,omitempty"`
	Arn              string     `json:"Arn,omitempty"`
	Description      string     `json:"Description,omitempty"`
	Policy           string     `json:"Policy,omitempty"`
	CreationTime     *EpochTime `json:"CreationTime,omitempty"`
	LastModifiedTime *EpochTime `json:"LastModifiedTime,omitempty"`
}

// ListEventBusesOutput is the ListEventBuses response.
type ListEventBusesOutput struct {
	EventBuses []EventBusSummary `json:"EventBuses"`
	NextToken  string            `json:"NextToken,omitempty"`
}

// ListEventBuses lists buses by name, the default bus included.
func (s *Service) ListEventBuses(ctx context.Context, in *ListEventBusesInput) (*ListEventBusesOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.NamePrefix, "namePrefix", shapeBusName)
	checkStr(&v, in.NextToken, "nextToken", shapeNextToken)
	checkLimit(&v, in.Limit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	buses, err := listJSON[eventrail.EventBus](ctx, s, eventrail.KeyBusPrefix+in.NamePrefix)
	if err != nil {
		return nil, err
	}
	buses, next, err := page(buses, func(b eventrail.EventBus) string { return b.Name }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &ListEventBusesOutput{EventBuses: make([]EventBusSummary, 0, len(buses)), NextToken: next}
	for _, b := range buses {
		out.EventBuses = append(out.EventBuses, EventBusSummary{
			Name:             b.Name,
			Arn:              b.Arn,
			Description:      b.Description,
			Policy:           b.Policy,
			CreationTime:     NewEpochTime(b.CreationTime),
			LastModifiedTime: NewEpochTime(b.LastModifiedTime),
		})
	}
	return out, nil
}
