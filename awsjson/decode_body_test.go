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
// and passes read errors on.
func TestReadAllSized(t *testing.T) {
	data := []byte(strings.Repeat("0123456789", 700))
	for _, n := range []int{0, 1, 511, 512, 513, 7000} {
		for _, hint := range []int64{-1, 0, 1, int64(n) - 1, int64(n), int64(n) + 1, 100000} {
			for _, one := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(data[:n])
				if one {
					r = iotest.OneByteReader(r)
				}
				got, err := readAllSized(r, hint)
				if err != nil || !bytes.Equal(got, data[:n]) {
					t.Fatalf("n=%d hint=%d oneByte=%v: got %d bytes, %v", n, hint, one, len(got), err)
				}
			}
		}
	}
	boom := errors.New("boom")
	got, err := readAllSized(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Fatalf("got %q, %v; want \"abc\", boom", got, err)
	}
}
