package pattern

import (
	"flag"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzMachineVsReference checks the compiled Machine against MatchReference. Each input seeds a
// generator of patterns (JSON text, through Parse) and events over a small vocabulary of paths
// and values chosen to collide: arrays (nested, of objects, empty), dotted keys, duplicate keys,
// escapes, numbers in several spellings. For every event the set of rules the machine reports must
// equal the set the reference accepts, with all patterns in one machine, after removing some, and
// after replacing some.
func FuzzMachineVsReference(f *testing.F) {
	for _, seed := range []string{"", "a", "arrays", "exists", "numbers", "\x00\x01\x02", "cidr 10.0.0.1", "or or or"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h := fnv.New64a()
		h.Write(data)
		g := &gen{r: rand.New(rand.NewPCG(h.Sum64(), uint64(len(data))))}
		checkMachineAgainstReference(t, g, 12, 16)
	})
}

var diffSeeds = flag.Int("diffseeds", 300, "seeds for TestMachineVsReferenceSeeds")

// TestMachineVsReferenceSeeds runs the differential check over a fixed range of seeds, so that
// plain `go test` exercises it too.
func TestMachineVsReferenceSeeds(t *testing.T) {
	n := *diffSeeds
	if testing.Short() {
		n = 50
	}
	for seed := range n {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 7))}
		checkMachineAgainstReference(t, g, 12, 16)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

func checkMachineAgainstReference(t *testing.T, g *gen, nPatterns, nEvents int) {
	t.Helper()
	pats := map[string]*Pattern{}
	m := NewMachine()
	for i := range nPatterns {
		src := g.pattern()
		p, err := Parse(src)
		if err != nil {
			continue
		}
		id := "p" + strconv.Itoa(i)
		pats[id] = p
		if err := m.Add(id, p); err != nil {
			t.Fatalf("Add(%s): %v", src, err)
		}
	}
	events := make([]string, nEvents)
	for i := range events {
		events[i] = g.event()
	}
	compare := func(stage string) {
		for _, ev := range events {
			got, gotErr := m.Match([]byte(ev), nil)
			var want []string
			var wantErr error
			for id, p := range pats {
				ok, err := MatchReference(p, []byte(ev))
				if err != nil {
					wantErr = err
					break
				}
				if ok {
					want = append(want, id)
				}
			}
			if (gotErr != nil) != (wantErr != nil) {
				t.Fatalf("%s: event %s: machine error %v, reference error %v", stage, ev, gotErr, wantErr)
			}
			if wantErr != nil {
				continue
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				var b strings.Builder
				for _, id := range append(slices.Clone(got), want...) {
					fmt.Fprintf(&b, "\n  %s: %s", id, pats[id].Source)
				}
				t.Fatalf("%s: event %s\nmachine   %v\nreference %v%s", stage, ev, got, want, b.String())
			}
		}
	}
	compare("all rules")
	for _, id := range slices.Sorted(maps.Keys(pats)) {
		if g.r.IntN(3) == 0 {
			m.Remove(id)
			delete(pats, id)
		}
	}
	compare("after Remove")
	for _, id := range slices.Sorted(maps.Keys(pats)) {
		if g.r.IntN(3) == 0 {
			if p, err := Parse(g.pattern()); err == nil {
				pats[id] = p
				if err := m.Add(id, p); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	compare("after replace")
	if m.Len() != len(pats) {
		t.Fatalf("Len = %d, want %d", m.Len(), len(pats))
	}
}

// gen generates colliding patterns and events.
type gen struct{ r *rand.Rand }

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

var (
	genKeys    = []string{"a", "b", "c", "a.b", "b.c", "d"}
	genStrings = []string{`"x"`, `"y"`, `"X"`, `"xy"`, `""`, `"10.0.0.1"`, `"10.1.2.3"`, `"010.0.0.1"`, `"2001:db8::1"`,
		`"\u00e9t\u00e9"`, `"ÉTÉ"`, `"a*b"`, `"1"`, `"x\u0079"`, `"k"`, `"\u212a"`, `"stop"`, `"stopped"`}
	genNumbers = []string{"0", "1", "1.0", "1e0", "300", "3e2", "-0", "0.1", "5.5", "12345678901234567890", "1e400", "-7"}
)

func (g *gen) scalar() string {
	switch g.r.IntN(6) {
	case 0, 1:
		return g.pick(genStrings...)
	case 2, 3:
		return g.pick(genNumbers...)
	}
	return g.pick("true", "false", "null")
}

// event renders a random JSON object (sometimes invalid JSON, to compare errors too).
func (g *gen) event() string {
	ev := g.object(3)
	if g.r.IntN(40) == 0 {
		return ev[:g.r.IntN(len(ev))]
	}
	return ev
}

func (g *gen) object(depth int) string {
	n := g.r.IntN(4)
	if depth == 3 {
		n++
	}
	parts := make([]string, 0, n+1)
	for range n {
		k := g.pick(genKeys...)
		parts = append(parts, strconv.Quote(k)+":"+g.value(depth-1))
		if g.r.IntN(10) == 0 { // duplicate key: the last one wins
			parts = append(parts, strconv.Quote(k)+":"+g.value(depth-1))
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g *gen) value(depth int) string {
	if depth <= 0 {
		return g.scalar()
	}
	switch g.r.IntN(6) {
	case 0:
		return g.object(depth)
	case 1, 2:
		n := g.r.IntN(4)
		items := make([]string, n)
		for i := range items {
			items[i] = g.value(depth - 1)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	return g.scalar()
}

// pattern renders a random pattern; some are invalid and are skipped by the caller.
func (g *gen) pattern() string {
	return g.patternObject(2, true)
}

func (g *gen) patternObject(depth int, top bool) string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, 0, n)
	for range n {
		k := g.pick(genKeys...)
		if depth > 0 && g.r.IntN(3) == 0 {
			parts = append(parts, strconv.Quote(k)+":"+g.patternObject(depth-1, false))
			continue
		}
		parts = append(parts, strconv.Quote(k)+":"+g.leaf())
	}
	if g.r.IntN(5) == 0 {
		parts = append(parts, `"$or":[`+g.patternObject(depth-1, false)+","+g.patternObject(depth-1, false)+"]")
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g *gen) leaf() string {
	n := 1 + g.r.IntN(3)
	ms := make([]string, n)
	for i := range ms {
		ms[i] = g.matcher()
	}
	return "[" + strings.Join(ms, ",") + "]"
}

func (g *gen) str() string { return g.pick(genStrings...) }

func (g *gen) matcher() string {
	switch g.r.IntN(16) {
	case 0, 1:
		return g.scalar()
	case 2:
		return fmt.Sprintf(`{"exists":%v}`, g.r.IntN(2) == 0)
	case 3:
		return fmt.Sprintf(`{"prefix":%s}`, g.pick(`"x"`, `""`, `"10."`, `"st"`, `"é"`))
	case 4:
		return fmt.Sprintf(`{"suffix":%s}`, g.pick(`"y"`, `""`, `".1"`, `"ped"`, `"té"`))
	case 5:
		return fmt.Sprintf(`{"%s":{"equals-ignore-case":%s}}`, g.pick("prefix", "suffix"), g.pick(`"X"`, `"é"`, `"ÉT"`, `"K"`, `"STO"`))
	case 6:
		return fmt.Sprintf(`{"equals-ignore-case":%s}`, g.str())
	case 7:
		return fmt.Sprintf(`{"wildcard":%s}`, g.pick(`"x*"`, `"*y"`, `"*"`, `"a\\*b"`, `"*0*"`, `"s*p*d"`, `""`, `"x*y"`))
	case 8:
		return fmt.Sprintf(`{"numeric":%s}`, g.pick(`[">",0]`, `["<=",1]`, `[">=",1,"<",300]`, `["=",300]`, `["<",-1]`, `[">",0.05,"<=",5.5]`))
	case 9:
		return fmt.Sprintf(`{"cidr":%s}`, g.pick(`"10.0.0.0/24"`, `"10.0.0.0/8"`, `"2001:db8::/32"`, `"10.1.2.3/31"`))
	case 10:
		return fmt.Sprintf(`{"anything-but":%s}`, g.pick(g.str(), `["x","y"]`, "1", "[300,0]", `["stop"]`))
	case 11:
		return fmt.Sprintf(`{"anything-but":{"%s":%s}}`, g.pick("prefix", "suffix"), g.pick(`"x"`, `"st"`, `"y"`, `["x","1"]`))
	case 12:
		return fmt.Sprintf(`{"anything-but":{"equals-ignore-case":%s}}`, g.pick(`"X"`, `["x","STOP"]`, `"é"`))
	case 13:
		return fmt.Sprintf(`{"anything-but":{"wildcard":%s}}`, g.pick(`"x*"`, `""`, `["*y","s*"]`))
	}
	return g.str()
}
