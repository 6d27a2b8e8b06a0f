package transform

import (
	"testing"

	"github.com/eventrail/eventrail"
)

func benchApply(b *testing.B, target *eventrail.Target) {
	tr, err := Compile(target)
	if err != nil {
		b.Fatal(err)
	}
	env := []byte(seed003Envelope)
	b.ReportAllocs()
	b.SetBytes(int64(len(env)))
	for b.Loop() {
		if _, err := tr.Apply(env, testContext); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplyNone(b *testing.B) { benchApply(b, &eventrail.Target{Id: "t"}) }

func BenchmarkApplyInputPath(b *testing.B) {
	benchApply(b, &eventrail.Target{Id: "t", InputPath: str("$.detail.requestParameters.resourcesSet.items[0].resourceId")})
}

func BenchmarkApplyJSONTemplate(b *testing.B) {
	benchApply(b, transformer(map[string]string{
		"ami": "$.detail.requestParameters.resourcesSet.items[0].resourceId",
		"op":  "$.detail.eventName", "tags": "$.detail.requestParameters.tagSet.items",
	}, `{"ami": <ami>, "operation": "ec2/<op>", "tags": <tags>, "rule": <aws.events.rule-name>}`))
}

func BenchmarkApplyStringTemplate(b *testing.B) {
	benchApply(b, transformer(map[string]string{
		"ami": "$.detail.requestParameters.resourcesSet.items[0].resourceId", "op": "$.detail.eventName",
	}, `"Image <ami> was tagged by <op> at <aws.events.event.ingestion-time>"`))
}

func BenchmarkApplyEventVariable(b *testing.B) {
	benchApply(b, transformer(nil, `{"event": <aws.events.event>}`))
}
