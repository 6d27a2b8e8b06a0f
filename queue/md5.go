package queue

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"sort"
)

// Transport types of the message-attribute digest (SQS Developer Guide, "Calculating the MD5
// message digest for message attributes").
const (
	transportString     = 1
	transportBinary     = 2
	transportStringList = 3
	transportBinaryList = 4
)

// md5Hex returns the lowercase hex MD5 of s: MD5OfMessageBody / MD5OfBody.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// md5OfAttributes returns MD5OfMessageAttributes for attrs as SQS computes it, or "" when
// attrs is empty: attributes sorted by name; for each, the length-prefixed name, the
// length-prefixed data type, one transport-type byte, then the length-prefixed value(s).
// Lengths are 4-byte big-endian.
func md5OfAttributes(attrs map[string]MessageAttributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf []byte
	for _, n := range names {
		a := attrs[n]
		buf = appendLenPrefixed(buf, []byte(n))
		buf = appendLenPrefixed(buf, []byte(a.DataType))
		switch {
		case a.StringValue != nil:
			buf = append(buf, transportString)
			buf = appendLenPrefixed(buf, []byte(*a.StringValue))
		case a.BinaryValue != nil:
			buf = append(buf, transportBinary)
			buf = appendLenPrefixed(buf, a.BinaryValue)
		case len(a.StringListValues) > 0:
			buf = append(buf, transportStringList)
			for _, v := range a.StringListValues {
				buf = appendLenPrefixed(buf, []byte(v))
			}
		case len(a.BinaryListValues) > 0:
			buf = append(buf, transportBinaryList)
			for _, v := range a.BinaryListValues {
				buf = appendLenPrefixed(buf, v)
			}
		}
	}
	sum := md5.Sum(buf)
	return hex.EncodeToString(sum[:])
}

func appendLenPrefixed(dst, b []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(b)))
	return append(dst, b...)
}
