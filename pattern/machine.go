package pattern

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// Machine holds all rules of one bus compiled into one automaton (see core and walker).
//
// Concurrency: Match never blocks and takes no lock. The machine keeps two identical copies
// (cores) of its compiled structure and applies the left-right technique: readers announce
// themselves on one of two counters and read the copy marked active; a writer (Add, Remove,
// serialised by a mutex) changes the inactive copy, flips the active mark, waits until the
// readers that might still be on the old copy have left, and applies the same change to it. So
// every change is incremental (no rebuild) and readers are wait-free; writers may wait for
// in-flight matches to finish.
type Machine struct {
	mu     sync.Mutex // serialises writers
	cores  [2]*core
	active atomic.Int32 // which core readers use
	epoch  atomic.Int32 // which reader counter new readers use
	reads  [2]readCounter

	rules    map[string]*machineRule // by id; writer only
	conds    map[string]*prepCond    // interned conditions by key; writer only
	freeIdx  []int32
	nextIdx  int32
	numRules atomic.Int64
}

// readCounter counts in-flight readers; padded so the two counters do not share a cache line.
type readCounter struct {
	n atomic.Int64
	_ [56]byte
}

type machineRule struct {
	idx      int32
	branches [][]*prepCond
}

// NewMachine returns an empty machine.
func NewMachine() *Machine {
	return &Machine{cores: [2]*core{newCore(), newCore()}, rules: make(map[string]*machineRule),
		conds: make(map[string]*prepCond)}
}

// ErrNilPattern is returned by Add for a nil pattern.
var ErrNilPattern = errors.New("pattern: nil pattern")

// Add compiles p under id, replacing any rule with the same id. It is safe to call concurrently
// with Match and with other writers. The machine may keep references to parts of p (patterns
// are immutable). The change is visible to every Match that starts after Add returns.
func (m *Machine) Add(id string, p *Pattern) error {
	if p == nil {
		return ErrNilPattern
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.rules[id]
	r := &machineRule{idx: m.allocIdx(), branches: m.prepare(p)}
	m.write(func(c *core) {
		if old != nil {
			c.removeRule(old)
			c.setRule(old.idx, "")
		}
		c.setRule(r.idx, id)
		for _, br := range r.branches {
			c.addBranch(r.idx, br)
		}
	})
	if old != nil {
		m.release(old)
		m.freeIdx = append(m.freeIdx, old.idx)
	} else {
		m.numRules.Add(1)
	}
	m.rules[id] = r
	return nil
}

// Remove deletes the rule with id, if any. Safe for concurrent use, like Add.
func (m *Machine) Remove(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.rules[id]
	if old == nil {
		return
	}
	m.write(func(c *core) {
		c.removeRule(old)
		c.setRule(old.idx, "")
	})
	delete(m.rules, id)
	m.release(old)
	m.freeIdx = append(m.freeIdx, old.idx)
	m.numRules.Add(-1)
}

// Len returns the number of rules. Safe for concurrent use.
func (m *Machine) Len() int { return int(m.numRules.Load()) }

func (m *Machine) allocIdx() int32 {
	if n := len(m.freeIdx); n > 0 {
		i := m.freeIdx[n-1]
		m.freeIdx = m.freeIdx[:n-1]
		return i
	}
	m.nextIdx++
	return m.nextIdx - 1
}

func (c *core) removeRule(r *machineRule) {
	for _, br := range r.branches {
		c.removeBranch(r.idx, br)
	}
}

// write applies change to both cores, one at a time, never to the one readers may be using.
// The caller holds m.mu.
func (m *Machine) write(change func(*core)) {
	a := m.active.Load()
	change(m.cores[1-a])
	m.active.Store(1 - a)
	e := m.epoch.Load()
	waitIdle(&m.reads[1-e])
	m.epoch.Store(1 - e)
	waitIdle(&m.reads[e])
	change(m.cores[a])
}

func waitIdle(c *readCounter) {
	for i := 0; c.n.Load() != 0; i++ {
		if i < 64 {
			continue
		}
		runtime.Gosched()
	}
}

// Match appends to dst the id of every rule that event matches, each once, in no particular
// order, and returns the extended slice. The error is non-nil (and dst returned unchanged) when
// event is not a valid JSON object. Safe for concurrent use; it does not block.
func (m *Machine) Match(event []byte, dst []string) ([]string, error) {
	e := m.epoch.Load()
	m.reads[e].n.Add(1)
	defer m.reads[e].n.Add(-1) // even if matching panicked, writers must not wait forever
	return m.cores[m.active.Load()].match(event, dst)
}

func (c *core) match(event []byte, dst []string) ([]string, error) {
	s := scratchPool.Get().(*scratch)
	s.reset(len(c.paths.fields), int(c.nStates), len(c.ids))
	n := len(dst)
	var err error
	if !s.flattenFast(event, &c.paths.root) { // invalid or unusual: the general scanner decides
		s.reset(len(c.paths.fields), int(c.nStates), len(c.ids))
		err = s.flatten(event, &c.paths.root)
	}
	if err == nil {
		s.group()
		w := walker{c: c, s: s, dst: dst}
		w.enter(c.start, nil, -1)
		dst = w.dst
	}
	if len(s.buf) > 1<<16 || cap(s.leaves) > 1<<14 {
		s.buf, s.leaves, s.trails = nil, nil, nil // do not pool huge buffers
		s.ident, s.order, s.byField = nil, nil, nil
	}
	scratchPool.Put(s)
	if err != nil {
		return dst[:n], err
	}
	return dst, nil
}
