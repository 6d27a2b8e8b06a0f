package awsjson

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadAllSized checks that readAllSized reads what io.ReadAll reads whatever the hint,
// stops one byte past the limit, and passes read errors on.
func TestReadAllSized(t *testing.T) {
	data := []byte(strings.Repeat("0123456789", 700))
	for _, n := range []int{0, 1, 511, 512, 513, 7000} {
		for _, hint := range []int64{-1, 0, 1, int64(n) - 1, int64(n), int64(n) + 1, 100000} {
			for _, one := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(data[:n])
				if one {
					r = iotest.OneByteReader(r)
				}
				got, _, err := readAllSized(r, hint, 1<<20)
				if err != nil || !bytes.Equal(got, data[:n]) {
					t.Fatalf("n=%d hint=%d oneByte=%v: got %d bytes, %v", n, hint, one, len(got), err)
				}
			}
		}
	}
	// A body over the limit comes back as its first limit+1 bytes, whatever the hint says.
	for _, hint := range []int64{-1, 10, 100, 6999, 7000} {
		for _, one := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if one {
				r = iotest.OneByteReader(r)
			}
			got, _, err := readAllSized(r, hint, 99)
			if err != nil || !bytes.Equal(got, data[:100]) {
				t.Fatalf("limit 99, hint=%d oneByte=%v: got %d bytes, %v", hint, one, len(got), err)
			}
		}
	}
	boom := errors.New("boom")
	got, _, err := readAllSized(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10, 1<<20)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Fatalf("got %q, %v; want \"abc\", boom", got, err)
	}
}
