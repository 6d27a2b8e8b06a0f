package pattern

import "unsafe"

// bstr views b as a string without copying. The result must not outlive b's contents; it is used
// only for map lookups and parsing during one match.
func bstr(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// smallMax is the size up to which a strIndex is a slice (cheaper in memory than a map).
const smallMax = 8

type strEntry struct {
	key string
	to  []*state
}

// strIndex maps strings to the states they lead to: a short slice while small, maps beyond. In
// the maps a key with one state (the common case) costs one pointer; keys with several states
// have a nil entry in one and their list in multi. The writer mutates it; readers only call
// appendTo and lookup (see Machine for why that is safe).
type strIndex struct {
	small []strEntry
	one   map[string]*state
	multi map[string][]*state
}

func (x *strIndex) len() int {
	if x.one != nil {
		return len(x.one)
	}
	return len(x.small)
}

// appendTo appends the states of key k to out.
func (x *strIndex) appendTo(k []byte, out []*state) []*state {
	if x.one != nil {
		t, ok := x.one[bstr(k)]
		switch {
		case t != nil:
			return append(out, t)
		case ok:
			return append(out, x.multi[bstr(k)]...)
		}
		return out
	}
	for i := range x.small {
		if x.small[i].key == bstr(k) {
			return appendStates(out, x.small[i].to)
		}
	}
	return out
}

// lookup returns the states of key k without copying: t when k has exactly one (the usual
// case), else ts (nil when k has none). ts belongs to the index: the caller must not modify it.
func (x *strIndex) lookup(k []byte) (t *state, ts []*state) {
	if x.one != nil {
		if t, ok := x.one[bstr(k)]; t != nil || !ok {
			return t, nil
		}
		return nil, x.multi[bstr(k)]
	}
	for small := x.small; len(small) > 0; small = small[1:] {
		if e := &small[0]; e.key == bstr(k) {
			if len(e.to) == 1 {
				return e.to[0], nil
			}
			return nil, e.to
		}
	}
	return nil, nil
}

// has reports whether k has any state.
func (x *strIndex) has(k string) bool {
	if x.one != nil {
		_, ok := x.one[k]
		return ok
	}
	for i := range x.small {
		if x.small[i].key == k {
			return true
		}
	}
	return false
}

// states returns the states of k (a fresh slice; writer only).
func (x *strIndex) states(k string) []*state {
	return x.appendTo([]byte(k), nil)
}

// set makes k lead to ts (a slice the index may keep), or removes k when ts is empty.
func (x *strIndex) set(k string, ts []*state) {
	if x.one == nil {
		for i := range x.small {
			if x.small[i].key == k {
				if len(ts) == 0 {
					x.small = append(x.small[:i], x.small[i+1:]...)
				} else {
					x.small[i].to = ts
				}
				return
			}
		}
		if len(ts) == 0 {
			return
		}
		if len(x.small) < smallMax {
			x.small = append(x.small, strEntry{key: k, to: ts})
			return
		}
		x.one = make(map[string]*state, 2*smallMax)
		for _, e := range x.small {
			x.setBig(e.key, e.to)
		}
		x.small = nil
	}
	x.setBig(k, ts)
}

func (x *strIndex) setBig(k string, ts []*state) {
	switch len(ts) {
	case 0:
		delete(x.one, k)
		delete(x.multi, k)
		return
	case 1:
		x.one[k] = ts[0]
		delete(x.multi, k)
		return
	}
	if x.multi == nil {
		x.multi = make(map[string][]*state)
	}
	x.one[k] = nil
	x.multi[k] = ts
}

func (x *strIndex) add(k string, t *state) {
	if ts, ok := x.multi[k]; ok {
		x.multi[k] = append(ts, t) // amortised: a key may gain many states
		return
	}
	x.set(k, append(x.states(k), t))
}

// remove drops one registration of t under k.
func (x *strIndex) remove(k string, t *state) {
	if ts, ok := x.multi[k]; ok && len(ts) > 2 {
		x.multi[k] = removeState(ts, t)
		return
	}
	x.set(k, removeState(x.states(k), t))
}

// removeState removes one occurrence of t from ts, in place.
func removeState(ts []*state, t *state) []*state {
	for i, s := range ts {
		if s == t {
			copy(ts[i:], ts[i+1:])
			ts[len(ts)-1] = nil
			return ts[:len(ts)-1]
		}
	}
	return ts
}

// affixIndex finds the prefixes (or suffixes) of a value among a set of strings: a slice scanned
// with HasPrefix while small, else a map probed once per distinct key length.
type affixIndex struct {
	keys strIndex
	lens []lenCount // distinct key lengths, ascending, with how many keys have each
}

type lenCount struct{ n, count int }

func (a *affixIndex) add(k string, t *state) {
	if !a.keys.has(k) {
		a.addLen(len(k))
	}
	a.keys.add(k, t)
}

func (a *affixIndex) remove(k string, t *state) {
	a.keys.remove(k, t)
	if !a.keys.has(k) {
		a.dropLen(len(k))
	}
}

func (a *affixIndex) addLen(n int) {
	i := 0
	for i < len(a.lens) && a.lens[i].n < n {
		i++
	}
	if i < len(a.lens) && a.lens[i].n == n {
		a.lens[i].count++
		return
	}
	a.lens = append(a.lens, lenCount{})
	copy(a.lens[i+1:], a.lens[i:])
	a.lens[i] = lenCount{n: n, count: 1}
}

func (a *affixIndex) dropLen(n int) {
	for i := range a.lens {
		if a.lens[i].n == n {
			if a.lens[i].count--; a.lens[i].count == 0 {
				a.lens = append(a.lens[:i], a.lens[i+1:]...)
			}
			return
		}
	}
}

// collect appends the states of every key that is a prefix (suffix when suffix) of v.
func (a *affixIndex) collect(v []byte, suffix bool, out []*state) []*state {
	if a.keys.one == nil {
		for i := range a.keys.small {
			e := &a.keys.small[i]
			if len(e.key) <= len(v) && affixOf(v, e.key, suffix) {
				out = appendStates(out, e.to)
			}
		}
		return out
	}
	for _, l := range a.lens {
		if l.n > len(v) {
			break
		}
		k := v[:l.n]
		if suffix {
			k = v[len(v)-l.n:]
		}
		out = a.keys.appendTo(k, out)
	}
	return out
}

func affixOf(v []byte, k string, suffix bool) bool {
	if suffix {
		return bstr(v[len(v)-len(k):]) == k
	}
	return bstr(v[:len(k)]) == k
}
