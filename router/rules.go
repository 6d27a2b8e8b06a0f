package router

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/pattern"
	"github.com/eventrail/eventrail/transform"
)

// storedPatternLimit is the length limit applied when re-parsing stored patterns: they were
// validated (against the configured quota) when they were put, so only the engine's own bounds
// apply here.
const storedPatternLimit = 1 << 20

// ruleTable is the router's view of every bus's rules and targets, kept current from the
// control-plane KV. Lookups take read locks only; pattern matching itself never blocks (the
// pattern.Machine is copy-on-write).
type ruleTable struct {
	mu    sync.RWMutex
	buses map[string]*busRules
}

type busRules struct {
	machine *pattern.Machine
	rules   map[string]*ruleState // by rule name
}

type ruleState struct {
	rule    eventrail.Rule
	targets []compiledTarget
}

// compiledTarget is a target with its transformer compiled and its hand-off key computed.
type compiledTarget struct {
	target    eventrail.Target
	key       string // hand-off record key
	transform *transform.Transformer
}

func newRuleTable() *ruleTable { return &ruleTable{buses: map[string]*busRules{}} }

// apply folds one KV change into the table. Malformed values are logged and ignored: the
// control plane wrote them, so they are a bug, not a client error.
func (t *ruleTable) apply(e eventrail.KVEntry) {
	switch {
	case strings.HasPrefix(e.Key, eventrail.KeyRulePrefix):
		bus, name, ok := splitBusKey(e.Key, eventrail.KeyRulePrefix)
		if ok {
			t.applyRule(bus, name, e)
		}
	case strings.HasPrefix(e.Key, eventrail.KeyTargetsPrefix):
		bus, name, ok := splitBusKey(e.Key, eventrail.KeyTargetsPrefix)
		if ok {
			t.applyTargets(bus, name, e)
		}
	}
}

// splitBusKey splits "<prefix><bus>/<rule>"; rule names never contain '/'.
func splitBusKey(key, prefix string) (bus, rule string, ok bool) {
	rest := key[len(prefix):]
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

func (t *ruleTable) bus(name string) *busRules {
	b := t.buses[name]
	if b == nil {
		b = &busRules{machine: pattern.NewMachine(), rules: map[string]*ruleState{}}
		t.buses[name] = b
	}
	return b
}

func (t *ruleTable) applyRule(bus, name string, e eventrail.KVEntry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.bus(bus)
	if e.Deleted {
		b.machine.Remove(name)
		delete(b.rules, name)
		return
	}
	var r eventrail.Rule
	if err := json.Unmarshal(e.Value, &r); err != nil {
		slog.Error("router: unreadable rule in store", "key", e.Key, "err", err)
		return
	}
	st := b.rules[name]
	if st == nil {
		st = &ruleState{}
		b.rules[name] = st
	}
	st.rule = r
	b.machine.Remove(name)
	if r.EventPattern == "" || !r.State.Enabled() {
		return
	}
	p, err := pattern.ParseWithOptions(r.EventPattern, pattern.Options{MaxLength: storedPatternLimit})
	if err != nil {
		slog.Error("router: stored pattern does not parse", "rule", r.Arn, "err", err)
		return
	}
	if err := b.machine.Add(name, p); err != nil {
		slog.Error("router: pattern not added", "rule", r.Arn, "err", err)
	}
}

func (t *ruleTable) applyTargets(bus, name string, e eventrail.KVEntry) {
	var targets []eventrail.Target
	if !e.Deleted {
		if err := json.Unmarshal(e.Value, &targets); err != nil {
			slog.Error("router: unreadable targets in store", "key", e.Key, "err", err)
			return
		}
	}
	compiled := make([]compiledTarget, 0, len(targets))
	for i := range targets {
		tf, err := transform.Compile(&targets[i])
		if err != nil {
			slog.Error("router: stored target does not compile", "key", e.Key, "target", targets[i].Id, "err", err)
			continue
		}
		compiled = append(compiled, compiledTarget{target: targets[i], transform: tf})
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.bus(bus)
	st := b.rules[name]
	if st == nil {
		st = &ruleState{}
		b.rules[name] = st
	}
	for i := range compiled {
		compiled[i].key = handoffKey(bus, name, compiled[i].target.Id)
	}
	st.targets = compiled
}

// handoffKey names the hand-off record key of one target: "t." + a hash of its identity.
func handoffKey(bus, rule, targetID string) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", bus, rule, targetID)
	return fmt.Sprintf("t.%016x", h.Sum64())
}
