package uuidtext

import (
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
)

// TestAppendTextMatchesGoogleUUID checks the text form against github.com/google/uuid's.
func TestAppendTextMatchesGoogleUUID(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		var u uuid.UUID
		for i := range u {
			u[i] = byte(r.Uint32())
		}
		if got := string(appendText([]byte("x"), u[:])); got != "x"+u.String() {
			t.Fatalf("appendText(%x) = %s, want x%s", u[:], got, u.String())
		}
	}
}

func TestAppendV4(t *testing.T) {
	for _, n := range []int{1, 10, 11} {
		text := AppendV4(nil, n)
		if len(text) != n*Size {
			t.Fatalf("n=%d: %d bytes", n, len(text))
		}
		seen := map[string]bool{}
		for i := range n {
			s := string(text[i*Size : (i+1)*Size])
			u, err := uuid.Parse(s)
			if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || seen[s] {
				t.Fatalf("n=%d: %q: err %v version %d variant %v repeated %v", n, s, err, u.Version(), u.Variant(), seen[s])
			}
			seen[s] = true
		}
	}
}

func BenchmarkAppendV4x10(b *testing.B) {
	buf := make([]byte, 0, 10*Size)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendV4(buf[:0], 10)
	}
}
