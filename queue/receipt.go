package queue

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// receipt is what a receipt handle encodes: which receive of which message it came from.
// Handles are opaque to clients; they stay valid across restarts because every field is in the
// stored message.
type receipt struct {
	queue    string
	gen      string
	seq      uint64
	receives int
}

const receiptVersion = "er1"

func (r receipt) encode() string {
	raw := strings.Join([]string{receiptVersion, r.queue, r.gen, strconv.FormatUint(r.seq, 10), strconv.Itoa(r.receives)}, "\x00")
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

// parseReceipt decodes a handle issued for queue; ok is false for anything else.
func parseReceipt(h, queue string) (receipt, bool) {
	b, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return receipt{}, false
	}
	parts := strings.Split(string(b), "\x00")
	if len(parts) != 5 || parts[0] != receiptVersion || parts[1] != queue {
		return receipt{}, false
	}
	seq, err1 := strconv.ParseUint(parts[3], 10, 64)
	n, err2 := strconv.Atoi(parts[4])
	if err1 != nil || err2 != nil || n < 1 {
		return receipt{}, false
	}
	return receipt{queue: parts[1], gen: parts[2], seq: seq, receives: n}, true
}
