package schedulerapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Slot claims: the exactly-once record of batched firing.
//
// Every occurrence belongs to the slot of its fire time's Unix second. A runner fires the due
// occurrences of one slot as a "part": it first writes the part's claim with KV Create of
// "slot/<second>/<part>" (state pending, the occurrences and how they are packed into
// hand-off records), then appends those records under IDs derived from the part, then marks
// the claim done with a compare-and-set. A runner whose Create finds the part taken reads it,
// drops the occurrences listed there from its own batch and tries the next part number, so
// each occurrence is listed in exactly one part of its slot. A pending part whose owner does
// not finish within ClaimLease is taken over: the new owner rebuilds the same records (same
// IDs, same occurrences) from the claim and appends them again; the log's deduplication
// keeps one copy of any record the first owner stored. Three synced writes per part instead
// of two per occurrence.

// slotPrefix is the KV prefix of slot claims.
const slotPrefix = "slot/"

// Claim states.
const (
	slotPending = "pending"
	slotDone    = "done"
)

// maxPartItems bounds the occurrences of one part (its claim stays well under 1 MB).
const maxPartItems = 4096

// slotClaim is the value of "slot/<second>/<part>".
type slotClaim struct {
	State string `json:"state"`
	Owner string `json:"owner"`
	// At is when the current owner claimed (or took over) the part: the lease runs from it.
	At time.Time `json:"at"`
	// Built is when the first owner built the hand-offs (their IngestionTime), kept by
	// takeovers so rebuilt records are identical.
	Built time.Time `json:"built"`
	// Recs are the part's hand-off records in append order; record i has ID
	// "sch-<second>-<part>-<i>".
	Recs []slotRecord `json:"recs"`
}

// slotRecord is one hand-off record of a part: its log key and its occurrences.
type slotRecord struct {
	Key   string     `json:"k"`
	Items []slotItem `json:"i"`
}

// slotItem names one occurrence: "<uid>/<unix ms>/<group>/<name>".
type slotItem string

func newSlotItem(uid string, occ time.Time, key string) slotItem {
	return slotItem(uid + "/" + strconv.FormatInt(occ.UnixMilli(), 10) + "/" + key[len(schedulePrefix):])
}

// occurrenceID is "<uid>/<unix ms>": the identity of an occurrence.
func occurrenceID(uid string, occ time.Time) string {
	return uid + "/" + strconv.FormatInt(occ.UnixMilli(), 10)
}

// parse splits an item into its occurrence id, uid, time and schedule key.
func (it slotItem) parse() (id, uid string, occ time.Time, key string, ok bool) {
	s := string(it)
	i := strings.IndexByte(s, '/')
	if i < 0 {
		return "", "", time.Time{}, "", false
	}
	j := strings.IndexByte(s[i+1:], '/')
	if j < 0 {
		return "", "", time.Time{}, "", false
	}
	j += i + 1
	ms, err := strconv.ParseInt(s[i+1:j], 10, 64)
	if err != nil || strconv.FormatInt(ms, 10) != s[i+1:j] { // canonical form only
		return "", "", time.Time{}, "", false
	}
	return s[:j], s[:i], time.UnixMilli(ms).UTC(), schedulePrefix + s[j+1:], true
}

// items lists every occurrence id of the claim.
func (c *slotClaim) ids() []string {
	var out []string
	for _, r := range c.Recs {
		for _, it := range r.Items {
			if id, _, _, _, ok := it.parse(); ok {
				out = append(out, id)
			}
		}
	}
	return out
}

func slotKey(sec int64, part int) string {
	return fmt.Sprintf("%s%012d/%04d", slotPrefix, sec, part)
}

// parseSlotKey returns the second and part of a slot claim key.
func parseSlotKey(key string) (sec int64, part int, ok bool) {
	rest, found := strings.CutPrefix(key, slotPrefix)
	s, p, found2 := strings.Cut(rest, "/")
	if !found || !found2 {
		return 0, 0, false
	}
	sec, err1 := strconv.ParseInt(s, 10, 64)
	part, err2 := strconv.Atoi(p)
	return sec, part, err1 == nil && err2 == nil
}

// recordID is the log record ID of record i of a part, the same in every runner.
func recordID(sec int64, part, i int) string {
	return "sch-" + strconv.FormatInt(sec, 10) + "-" + strconv.Itoa(part) + "-" + strconv.Itoa(i)
}

func decodeClaim(b []byte) (*slotClaim, error) {
	var c slotClaim
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
