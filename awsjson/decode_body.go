package awsjson

import (
	"io"
	"sync"
)

// maxPooledBody is the largest request-body buffer kept for reuse.
const maxPooledBody = 256 << 10

// bodyPool holds *[]byte request-body buffers (capacity ≤ maxPooledBody) for readAllSized.
// The boxes themselves are reused too (see releaseBody), so a round trip allocates nothing.
var bodyPool sync.Pool

// readAllSized reads r to EOF like io.ReadAll, but never more than limit+1 bytes (a longer
// body comes back as its first limit+1 bytes, for the caller to reject as too large). When
// the body's length is announced (sizeHint, e.g. the request's Content-Length; ≤ 0 when
// unknown) it reads into one buffer of that size (plus the byte the final, EOF-reporting read
// needs), reused from a pool when it is small, instead of growing one from 512 bytes, and
// grows it like io.ReadAll when the body turns out longer.
//
// box is the pool's box the buffer came in (nil when it did not come from the pool); the
// caller may hand body and box back with releaseBody once nothing refers to body any more.
func readAllSized(r io.Reader, sizeHint, limit int64) (body []byte, box *[]byte, err error) {
	if sizeHint <= 0 || sizeHint > limit || sizeHint > 64<<20 {
		body, err = io.ReadAll(io.LimitReader(r, limit+1))
		return body, nil, err
	}
	max := limit + 1
	b, box := bodyBuffer(int(sizeHint) + 1)
	for {
		room := b[len(b):cap(b)]
		if left := max - int64(len(b)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := r.Read(room)
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, box, err
		}
		if int64(len(b)) == max {
			return b, box, nil
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// bodyBuffer returns an empty buffer of capacity ≥ n, with its pool box when it comes from
// the pool.
func bodyBuffer(n int) ([]byte, *[]byte) {
	if n <= maxPooledBody {
		if p, _ := bodyPool.Get().(*[]byte); p != nil {
			if cap(*p) >= n {
				return (*p)[:0], p
			}
			bodyPool.Put(p)
		}
	}
	return make([]byte, 0, n), nil
}

// releaseBody returns a body read by readAllSized to the pool, in box when it is not nil.
// The caller must not use it, nor anything sharing its memory, afterwards.
func releaseBody(b []byte, box *[]byte) {
	if c := cap(b); c == 0 || c > maxPooledBody {
		return
	}
	if box == nil {
		box = new([]byte)
	}
	*box = b[:0]
	bodyPool.Put(box)
}
