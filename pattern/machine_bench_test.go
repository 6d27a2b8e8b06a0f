package pattern

import (
	"fmt"
	"testing"
)

// BenchmarkMachineSeeds matches ~1 KB envelopes shaped like the seeds' events against rules
// users write for them.
func BenchmarkMachineSeeds(b *testing.B) {
	events := seedEvents(4096, 20240601)
	c := compileRules(b, "seeds", seedRules)
	runMatch(b, c, events)
}

// BenchmarkMachineRulegen scales the rule count on rulegen's mixes and on our own operator mix.
func BenchmarkMachineRulegen(b *testing.B) {
	for _, mix := range []string{"mixed", "exact", "srconly", "ops"} {
		for _, n := range []int{10, 1000, 10000, 100000} {
			b.Run(fmt.Sprintf("mix=%s/rules=%d", mix, n), func(b *testing.B) {
				var rules []string
				var events [][]byte
				if mix == "ops" {
					_, events = rulegenWorkload(b, "mixed", n)
					rules = opsRules(n)
				} else {
					rules, events = rulegenWorkload(b, mix, n)
				}
				c := compileRules(b, fmt.Sprintf("%s-%d", mix, n), rules)
				runMatch(b, c, events)
			})
		}
	}
}

// BenchmarkMachineAdd measures compiling rules into a machine that already holds many.
func BenchmarkMachineAdd(b *testing.B) {
	rules, _ := rulegenWorkload(b, "mixed", 100000)
	pats := make([]*Pattern, len(rules))
	for i, r := range rules {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		pats[i] = p
	}
	m := NewMachine()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.Add(fmt.Sprint("r", i%len(pats)), pats[i%len(pats)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rules/s")
}
