package control

import (
	"context"
	"encoding/json"

	"github.com/eventrail/eventrail"
)

// LogConfig is an event bus's logging configuration (stored and echoed).
type LogConfig struct {
	IncludeDetail string `json:"IncludeDetail,omitempty"`
	Level         string `json:"Level,omitempty"`
}

func checkLogConfig(v *eventrail.Violations, c *LogConfig) {
	if c == nil {
		return
	}
	if c.IncludeDetail != "" {
		v.Enum(c.IncludeDetail, "logConfig.includeDetail", "NONE", "FULL")
	}
	if c.Level != "" {
		v.Enum(c.Level, "logConfig.level", "OFF", "ERROR", "INFO", "TRACE")
	}
}

func (c *LogConfig) raw() json.RawMessage {
	if c == nil {
		return nil
	}
	return mustJSON(c)
}

func logConfigOf(raw json.RawMessage) *LogConfig {
	if len(raw) == 0 {
		return nil
	}
	var c LogConfig
	if json.Unmarshal(raw, &c) != nil {
		return nil
	}
	return &c
}

func checkDLQ(v *eventrail.Violations, d *eventrail.DeadLetterConfig, path string) {
	if d != nil {
		checkStr(v, d.Arn, path+".arn", shapeArn)
	}
}

// UpdateEventBusInput is the UpdateEventBus request.
type UpdateEventBusInput struct {
	Name             string                      `json:"Name,omitempty"`
	KmsKeyIdentifier string                      `json:"KmsKeyIdentifier,omitempty"`
	Description      *string                     `json:"Description,omitempty"`
	DeadLetterConfig *eventrail.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig                  `json:"LogConfig,omitempty"`
}

// UpdateEventBusOutput is the UpdateEventBus response.
type UpdateEventBusOutput struct {
	Arn              string                      `json:"Arn,omitempty"`
	Name             string                      `json:"Name,omitempty"`
	KmsKeyIdentifier string                      `json:"KmsKeyIdentifier,omitempty"`
	Description      string                      `json:"Description,omitempty"`
	DeadLetterConfig *eventrail.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig                  `json:"LogConfig,omitempty"`
}

// UpdateEventBus changes the members given; omitted members keep their values.
func (s *Service) UpdateEventBus(ctx context.Context, in *UpdateEventBusInput) (*UpdateEventBusOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.Name, "name", shapeBusName)
	checkStr(&v, in.KmsKeyIdentifier, "kmsKeyIdentifier", str{0, 2048, patKmsKey})
	if in.Description != nil {
		checkStr(&v, *in.Description, "description", shapeDescription)
	}
	checkDLQ(&v, in.DeadLetterConfig, "deadLetterConfig")
	checkLogConfig(&v, in.LogConfig)
	if err := v.Err(); err != nil {
		return nil, err
	}
	name := busNameOf(in.Name)
	var out eventrail.EventBus
	err := mutateJSON(ctx, s, eventrail.BusKey(name), func(b *eventrail.EventBus, exists bool) (change, error) {
		if !exists {
			return keep, eventrail.ErrBusNotFound(name)
		}
		if in.KmsKeyIdentifier != "" {
			b.KmsKeyIdentifier = in.KmsKeyIdentifier
		}
		if in.Description != nil {
			b.Description = *in.Description
		}
		if in.DeadLetterConfig != nil {
			b.DeadLetterConfig = in.DeadLetterConfig
			if b.DeadLetterConfig.Arn == "" {
				b.DeadLetterConfig = nil
			}
		}
		if in.LogConfig != nil {
			b.LogConfig = in.LogConfig.raw()
		}
		b.LastModifiedTime = s.now()
		out = *b
		return write, nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateEventBusOutput{
		Arn:              out.Arn,
		Name:             out.Name,
		KmsKeyIdentifier: out.KmsKeyIdentifier,
		Description:      out.Description,
		DeadLetterConfig: out.DeadLetterConfig,
		LogConfig:        logConfigOf(out.LogConfig),
	}, nil
}
