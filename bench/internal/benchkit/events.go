package benchkit

import (
	"fmt"
	"strconv"
	"strings"
)

// The notification kinds the generators cycle through, shaped like the EC2 and EBS events AWS
// delivers to the default bus.
var kinds = []struct{ source, detailType string }{
	{"aws.ec2", "EC2 AMI State Change"},
	{"aws.ec2", "EBS Snapshot Notification"},
	{"aws.ec2", "EBS Volume Notification"},
}

// AMIDetailType is the detail-type of the events deliverload tags with bench fields.
const AMIDetailType = "EC2 AMI State Change"

// detailBody returns the detail of event i of kind k as JSON without its opening brace,
// padded with a Description/tags field to about size bytes in all.
func detailBody(k, i, size int) string {
	var b strings.Builder
	id := fmt.Sprintf("%017x", uint64(i)*0x9e3779b97f4a7c15>>4)
	switch k {
	case 0:
		states := []string{"available", "pending", "failed", "deregistered"}
		fmt.Fprintf(&b, `"RequestId":"%s-3c1e-4d2a-9f0b-%s","ImageId":"ami-%s","State":"%s","ErrorMessage":""`,
			id[:8], id[5:17], id, states[i%len(states)])
	case 1:
		fmt.Fprintf(&b, `"event":"createSnapshot","result":"succeeded","cause":"","request-id":"%s","snapshot_id":"arn:aws:ec2::us-east-1:snapshot/snap-%s","source":"arn:aws:ec2::us-east-1:volume/vol-%s","startTime":"2026-11-21T08:00:00.000Z","endTime":"2026-11-21T08:00:10.000Z"`,
			id, id, id)
	default:
		fmt.Fprintf(&b, `"result":"available","cause":"","event":"createVolume","request-id":"%s","volume-id":"vol-%s","size":%d,"volume-type":"gp3"`,
			id, id, 8+i%500)
	}
	pad := size - b.Len() - 2 - len(`,"tags":[]`)
	if pad > 0 {
		b.WriteString(`,"tags":[`)
		for n := 0; pad > 0; n++ {
			t := fmt.Sprintf(`{"Key":"team-%d","Value":"platform-eng-cost-center-%04d"}`, n, (i+n)%10000)
			if n > 0 {
				t = "," + t
			}
			if len(t) > pad {
				t = t[:0]
				break
			}
			b.WriteString(t)
			pad -= len(t)
		}
		b.WriteString("]")
	}
	b.WriteString("}")
	return b.String()
}

// Entry is a PutEvents request entry split around the start of its detail, so that fields can
// be inserted first in the detail without re-encoding: Prefix + `{` already written,
// then optional `\"k\":v,` fields (JSON-escaped for the string they live in), then Suffix.
type Entry struct {
	Prefix, Suffix []byte
	DetailType     string
}

// NewEntry returns event i (kind cycles with i) with about detailBytes of detail, addressed to
// bus ("" for the default bus).
func NewEntry(i, detailBytes int, bus string) Entry {
	return newEntryOfKind(i%len(kinds), i, detailBytes, bus)
}

// NewAMIEntry returns an "EC2 AMI State Change" event (the kind deliverload's rule matches).
func NewAMIEntry(i, detailBytes int, bus string) Entry {
	return newEntryOfKind(0, i, detailBytes, bus)
}

func newEntryOfKind(k, i, detailBytes int, bus string) Entry {
	kd := kinds[k]
	var p strings.Builder
	fmt.Fprintf(&p, `{"Source":%q,"DetailType":%q,"Resources":["arn:aws:ec2:us-east-1::image/ami-%08x"],`, kd.source, kd.detailType, i)
	if bus != "" {
		fmt.Fprintf(&p, `"EventBusName":%q,`, bus)
	}
	p.WriteString(`"Detail":"{`)
	suffix := strings.ReplaceAll(detailBody(k, i, detailBytes), `"`, `\"`) + `"}`
	return Entry{Prefix: []byte(p.String()), Suffix: []byte(suffix), DetailType: kd.detailType}
}

// Append appends the plain entry (no inserted fields) to buf.
func (e Entry) Append(buf []byte) []byte {
	buf = append(buf, e.Prefix...)
	return append(buf, e.Suffix...)
}

// AppendTagged appends the entry with bench fields first in its detail:
// {"bench_run":run,"bench_seq":seq,"bench_sent_ns":sentNs,...}.
func (e Entry) AppendTagged(buf []byte, run string, seq uint64, sentNs int64) []byte {
	buf = append(buf, e.Prefix...)
	buf = append(buf, `\"bench_run\":\"`...)
	buf = append(buf, run...)
	buf = append(buf, `\",\"bench_seq\":`...)
	buf = strconv.AppendUint(buf, seq, 10)
	buf = append(buf, `,\"bench_sent_ns\":`...)
	buf = strconv.AppendInt(buf, sentNs, 10)
	buf = append(buf, ',')
	return append(buf, e.Suffix...)
}

// PutEventsBody wraps already-encoded entries: {"Entries":[e1,e2,...]}.
func PutEventsBody(buf []byte, entries ...[]byte) []byte {
	buf = append(buf, `{"Entries":[`...)
	for i, e := range entries {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, e...)
	}
	return append(buf, "]}"...)
}
