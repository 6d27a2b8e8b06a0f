package queue

import (
	"strconv"
	"strings"
)

// System attribute names a receive may ask for.
const (
	sysAll              = "All"
	sysSenderID         = "SenderId"
	sysSentTimestamp    = "SentTimestamp"
	sysReceiveCount     = "ApproximateReceiveCount"
	sysFirstReceive     = "ApproximateFirstReceiveTimestamp"
	sysTraceHeader      = "AWSTraceHeader"
	sysGroupID          = "MessageGroupId"
	sysDedupID          = "MessageDeduplicationId"
	sysSequenceNumber   = "SequenceNumber"
	sysDeadLetterSource = "DeadLetterQueueSourceArn"
)

// selection is which attributes a ReceiveMessage asked to see.
type selection struct {
	system   map[string]bool // names, or sysAll
	user     map[string]bool // exact names
	prefixes []string        // "foo." for "foo.*"
	allUser  bool
}

func newSelection(in *ReceiveMessageInput) selection {
	sel := selection{system: map[string]bool{}, user: map[string]bool{}}
	for _, n := range append(append([]string(nil), in.AttributeNames...), in.MessageSystemAttributeNames...) {
		sel.system[n] = true
	}
	for _, n := range in.MessageAttributeNames {
		switch {
		case n == "All" || n == ".*":
			sel.allUser = true
		case strings.HasSuffix(n, ".*"):
			sel.prefixes = append(sel.prefixes, strings.TrimSuffix(n, "*"))
		default:
			sel.user[n] = true
		}
	}
	return sel
}

func (sel selection) wantsSystem(name string) bool { return sel.system[sysAll] || sel.system[name] }

func (sel selection) wantsUser(name string) bool {
	if sel.allUser || sel.user[name] {
		return true
	}
	for _, p := range sel.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// render turns received records into the wire messages.
func (s *Service) render(q *queue, p picked, sel selection) *ReceiveMessageOutput {
	out := &ReceiveMessageOutput{Messages: make([]Message, 0, len(p.received))}
	for i := range p.received {
		out.Messages = append(out.Messages, s.renderOne(q, &p.received[i], p.md5s[i], sel))
	}
	return out
}

func (s *Service) renderOne(q *queue, r *messageRecord, md5Body string, sel selection) Message {
	m := Message{
		MessageId:     r.ID,
		ReceiptHandle: receipt{queue: q.name, gen: r.Gen, seq: r.Seq, receives: r.Receives}.encode(),
		MD5OfBody:     md5Body,
		Body:          r.Body,
		Attributes:    s.systemAttributes(q, r, sel),
	}
	for name, v := range r.Attrs {
		if sel.wantsUser(name) {
			if m.MessageAttributes == nil {
				m.MessageAttributes = map[string]MessageAttributeValue{}
			}
			m.MessageAttributes[name] = v
		}
	}
	m.MD5OfMessageAttributes = md5OfAttributes(m.MessageAttributes)
	return m
}

func (s *Service) systemAttributes(q *queue, r *messageRecord, sel selection) map[string]string {
	all := map[string]string{
		sysSenderID:      s.acct.ID,
		sysSentTimestamp: millis(r.Sent.UnixMilli()),
		sysReceiveCount:  strconv.Itoa(r.Receives),
		sysFirstReceive:  millis(r.FirstReceive.UnixMilli()),
	}
	if r.TraceHeader != "" {
		all[sysTraceHeader] = r.TraceHeader
	}
	if r.GroupID != "" {
		all[sysGroupID] = r.GroupID
	}
	if q.fifo {
		all[sysDedupID] = r.DedupID
		all[sysSequenceNumber] = sequenceNumber(r.Seq)
	}
	if r.SourceARN != "" {
		all[sysDeadLetterSource] = r.SourceARN
	}
	out := map[string]string{}
	for k, v := range all {
		if sel.wantsSystem(k) {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func millis(ms int64) string { return strconv.FormatInt(ms, 10) }
