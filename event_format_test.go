package eventrail

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"
)

// referenceJSONString is AppendJSONString written one byte at a time, the obviously right
// version the fast path is checked against.
func referenceJSONString(s string) string {
	const hex = "0123456789abcdef"
	out := []byte{'"'}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b == '"' || b == '\\':
				out = append(out, '\\', b)
			case b == '\n':
				out = append(out, '\\', 'n')
			case b == '\r':
				out = append(out, '\\', 'r')
			case b == '\t':
				out = append(out, '\\', 't')
			case b < 0x20:
				out = append(out, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			default:
				out = append(out, b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			out = append(out, `\u202`...)
			out = strconv.AppendInt(out, int64(r&0xF), 16)
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(append(out, '"'))
}

func TestAppendJSONString(t *testing.T) {
	cases := []string{"", "plain ascii longer than eight bytes", `quote " in the middle of a long run`,
		"back\\slash after seven", "tab\tand\nnewline\rreturn", "\x00\x01\x1f\x7f control",
		"ünïcödé text over eight", "line\u2028sep\u2029para", "bad \xff\xfe utf8 in a long string",
		"12345678\"", "1234567\x80", "\x20\x20\x20\x20\x20\x20\x20\x20!", "~~~~~~~~\x1f"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab \"\\\n\x00\x1f\x20\x7f\x80\xc3\xa9\xe2\x80\xa8~")
	for range 2000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		got := string(AppendJSONString(nil, s))
		if want := referenceJSONString(s); got != want {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatalf("AppendJSONString(%q) = %s: not JSON: %v", s, got, err)
		}
		if want := string([]rune(s)); utf8.ValidString(s) && back != want {
			t.Fatalf("AppendJSONString(%q) decodes to %q", s, back)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "abcdefgh", "abcdefg\"", "\x00abcdefghijk", "\xffabcdefgh\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendJSONString(nil, s)), referenceJSONString(s); got != want {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestAppendEnvelopeTime(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 11, 21, 9, 5, 3, 999999999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("x", -5*3600)),
		{},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		times = append(times, time.Unix(rng.Int64N(1<<36)-1<<35, rng.Int64N(1e9)))
	}
	for _, tm := range times {
		got := string(appendEnvelopeTime(nil, tm))
		if want := tm.UTC().Format(TimeFormat); got != want {
			t.Fatalf("appendEnvelopeTime(%v) = %s, want %s", tm, got, want)
		}
	}
}

func BenchmarkAppendEnvelope(b *testing.B) {
	e := Event{ID: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", Source: "aws.ec2", DetailType: "EC2 AMI State Change",
		Account: "123456789012", Region: "us-east-1", Time: time.Unix(1700000000, 0),
		Resources: []string{"arn:aws:ec2:us-east-1::image/ami-02c4da7fce6a06413"}, Detail: json.RawMessage(`{"State":"available"}`)}
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = e.AppendEnvelope(buf[:0])
	}
}
