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

// strIndex maps strings to the states they lead to: a short slice while small, a map beyond.
// The writer mutates it; readers only call get/each (see Machine for why that is safe).
type strIndex struct {
	small []strEntry
	big   map[string][]*state
}

func (x *strIndex) len() int {
	if x.big != nil {
		return len(x.big)
	}
	return len(x.small)
}

func (x *strIndex) get(k []byte) []*state {
	if x.big != nil {
		return x.big[string(k)]
	}
	for i := range x.small {
		if x.small[i].key == string(k) {
			return x.small[i].to
		}
	}
	return nil
}

func (x *strIndex) add(k string, t *state) {
	if x.big != nil {
		x.big[k] = append(x.big[k], t)
		return
	}
	for i := range x.small {
		if x.small[i].key == k {
			x.small[i].to = append(x.small[i].to, t)
			return
		}
	}
	if len(x.small) < smallMax {
		x.small = append(x.small, strEntry{key: k, to: []*state{t}})
		return
	}
	x.big = make(map[string][]*state, 2*smallMax)
	for _, e := range x.small {
		x.big[e.key] = e.to
	}
	x.small = nil
	x.big[k] = []*state{t}
}

// remove drops one registration of t under k.
func (x *strIndex) remove(k string, t *state) {
	if x.big != nil {
		if to := removeState(x.big[k], t); len(to) > 0 {
			x.big[k] = to
		} else {
			delete(x.big, k)
		}
		return
	}
	for i := range x.small {
		if x.small[i].key == k {
			if x.small[i].to = removeState(x.small[i].to, t); len(x.small[i].to) == 0 {
				x.small = append(x.small[:i], x.small[i+1:]...)
			}
			return
		}
	}
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
	if a.keys.get([]byte(k)) == nil {
		a.addLen(len(k))
	}
	a.keys.add(k, t)
}

func (a *affixIndex) remove(k string, t *state) {
	a.keys.remove(k, t)
	if a.keys.get([]byte(k)) == nil {
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
	if a.keys.big == nil {
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
		out = appendStates(out, a.keys.big[bstr(k)])
	}
	return out
}

func affixOf(v []byte, k string, suffix bool) bool {
	if suffix {
		return bstr(v[len(v)-len(k):]) == k
	}
	return bstr(v[:len(k)]) == k
}
