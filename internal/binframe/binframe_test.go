package binframe

import (
	"encoding/binary"
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var b []byte
	b = append(b, 7)
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -5)
	b = binary.BigEndian.AppendUint32(b, 0xdeadbeef)
	b = AppendBytes(b, "hello")
	b = AppendBytes(b, []byte{})
	b = append(b, "raw"...)
	r := Reader{Buf: b}
	if r.Byte() != 7 || r.Uvarint() != 300 || r.Varint() != -5 || r.U32() != 0xdeadbeef || r.String() != "hello" ||
		len(r.Bytes()) != 0 || string(r.Raw(3)) != "raw" || r.Err != nil || len(r.Buf) != 0 {
		t.Fatalf("round trip failed: %+v", r)
	}
}

func TestFailureSticks(t *testing.T) {
	bad := errors.New("bad record")
	for name, read := range map[string]func(*Reader){
		"byte":           func(r *Reader) { r.Byte() },
		"uvarint":        func(r *Reader) { r.Uvarint() },
		"varint":         func(r *Reader) { r.Varint() },
		"u32":            func(r *Reader) { r.U32() },
		"raw":            func(r *Reader) { r.Raw(1) },
		"negative raw":   func(r *Reader) { r.Raw(-1) },
		"length too big": func(r *Reader) { r.Buf = AppendBytes(nil, "abc")[:2]; r.Bytes() },
	} {
		r := Reader{Bad: bad}
		read(&r)
		if !errors.Is(r.Err, bad) || r.Buf != nil {
			t.Errorf("%s: Err %v Buf %v", name, r.Err, r.Buf)
		}
		if r.Uvarint() != 0 || !errors.Is(r.Err, bad) {
			t.Errorf("%s: failure did not stick", name)
		}
	}
	r := Reader{}
	r.Byte()
	if r.Err == nil {
		t.Error("no Bad: still an error")
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte{3, 'a', 'b', 'c', 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := Reader{Buf: b}
		for r.Err == nil && len(r.Buf) > 0 {
			switch r.Byte() % 5 {
			case 0:
				r.Uvarint()
			case 1:
				r.Varint()
			case 2:
				r.U32()
			case 3:
				r.Bytes()
			default:
				r.Raw(int(r.Byte()))
			}
		}
	})
}
