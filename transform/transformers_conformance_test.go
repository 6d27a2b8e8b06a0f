package transform

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/conformance"
)

type transformerCase struct {
	ID             string            `json:"id"`
	Event          json.RawMessage   `json:"event"`
	InputPath      *string           `json:"input_path"`
	InputPathsMap  map[string]string `json:"input_paths_map"`
	InputTemplate  *string           `json:"input_template"`
	Expect         string            `json:"expect"`
	ExpectedOutput json.RawMessage   `json:"expected_output"`
	OutputCompare  string            `json:"output_compare"`
	Error          string            `json:"error"`
	ErrorType      string            `json:"error_type"`
	Context        struct {
		Account      string `json:"account"`
		Region       string `json:"region"`
		Partition    string `json:"partition"`
		RuleName     string `json:"rule_name"`
		EventBusName string `json:"event_bus_name"`
	} `json:"context"`
}

// readTransformerCases reads ../shared/conformance/transformers.jsonl, skipping when it is absent.
func readTransformerCases(t *testing.T) []transformerCase {
	t.Helper()
	return conformance.LoadJSONL[transformerCase](t, "transformers.jsonl")
}

func (c *transformerCase) target() *eventrail.Target {
	tg := &eventrail.Target{Id: "<target-id>", Arn: "arn:aws:sqs:us-east-1:111111111111:q", InputPath: c.InputPath}
	if c.InputTemplate != nil {
		tg.InputTransformer = &eventrail.InputTransformer{InputPathsMap: c.InputPathsMap, InputTemplate: *c.InputTemplate}
	}
	return tg
}

// conformanceIngestion is the ingestion time the cases run with; AWS's recording normalised
// it to "date" or "<ingestion-time>", which the test substitutes back.
var conformanceIngestion = time.Date(2024, 6, 11, 8, 33, 4, 0, time.UTC)

func TestTransformersConformance(t *testing.T) {
	cases := readTransformerCases(t)
	passed := 0
	for _, c := range cases {
		ok := t.Run(c.ID, func(t *testing.T) { runTransformerCase(t, &c) })
		if ok {
			passed++
		}
	}
	t.Logf("transformers.jsonl: %d/%d passed", passed, len(cases))
}

func runTransformerCase(t *testing.T, c *transformerCase) {
	tr, err := Compile(c.target())
	if c.Expect == "error" {
		e, ok := eventrail.AsError(err)
		if !ok || e.Code != c.ErrorType || e.Message != c.Error {
			t.Fatalf("Compile error = %v, want %s: %s", err, c.ErrorType, c.Error)
		}
		return
	}
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	acct := eventrail.Account{Partition: c.Context.Partition, Region: c.Context.Region, ID: c.Context.Account}
	ctx := Context{
		RuleName:      c.Context.RuleName,
		RuleArn:       acct.RuleARN(c.Context.EventBusName, c.Context.RuleName),
		EventBusName:  c.Context.EventBusName,
		Account:       c.Context.Account,
		IngestionTime: conformanceIngestion,
	}
	out, err := tr.Apply(c.Event, ctx)
	if c.Expect == "no_delivery" {
		if !errors.Is(err, ErrDrop) {
			t.Fatalf("Apply = %s, %v; want ErrDrop", out, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	token := "date"
	if bytes.Contains(c.ExpectedOutput, []byte("<ingestion-time>")) {
		token = "<ingestion-time>"
	}
	got := strings.ReplaceAll(string(out), conformanceIngestion.Format(eventrail.TimeFormat), token)
	compareOutput(t, c, got)
}

func compareOutput(t *testing.T, c *transformerCase, got string) {
	t.Helper()
	if c.OutputCompare == "json" {
		var want, have any
		if err := json.Unmarshal(c.ExpectedOutput, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(got), &have); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, got)
		}
		if !reflect.DeepEqual(want, have) {
			t.Fatalf("output\n got %s\nwant %s", got, c.ExpectedOutput)
		}
		return
	}
	var want string
	if err := json.Unmarshal(c.ExpectedOutput, &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("output\n got %q\nwant %q", got, want)
	}
}
