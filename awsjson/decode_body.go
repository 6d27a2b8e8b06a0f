package awsjson

import (
	"io"
	"sync"
)

// maxPooledBody is the largest request-body buffer kept for reuse.
const maxPooledBody = 256 << 10

// bodyPool holds *[]byte request-body buffers (capacity ≤ maxPooledBody) for readAllSized.
var bodyPool sync.Pool

// readAllSized is io.ReadAll for a body whose length is announced (sizeHint, e.g. the
// request's Content-Length; ≤ 0 when unknown): it reads into one buffer of that size (plus
// the byte the final, EOF-reporting read needs), reused from a pool when it is small, instead
// of growing one from 512 bytes, and grows it like io.ReadAll when the body turns out longer.
// The caller may hand the result back with releaseBody once nothing refers to it any more.
func readAllSized(r io.Reader, sizeHint int64) ([]byte, error) {
	if sizeHint <= 0 || sizeHint > 64<<20 {
		return io.ReadAll(r)
	}
	b := bodyBuffer(int(sizeHint) + 1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// bodyBuffer returns an empty buffer of capacity ≥ n, from the pool when one fits.
func bodyBuffer(n int) []byte {
	if n <= maxPooledBody {
		if p, _ := bodyPool.Get().(*[]byte); p != nil && cap(*p) >= n {
			return (*p)[:0]
		}
	}
	return make([]byte, 0, n)
}

// releaseBody returns a body read by readAllSized to the pool. The caller must not use it,
// nor anything sharing its memory, afterwards.
func releaseBody(b []byte) {
	if c := cap(b); c == 0 || c > maxPooledBody {
		return
	}
	b = b[:0]
	bodyPool.Put(&b)
}
