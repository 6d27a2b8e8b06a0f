package pattern

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The seed documents (../shared/seeds, copied to testdata/seeds): CloudTrail CreateImage and
// CreateTags records matched with nested-array patterns (seed 003), AMI state changes (002), EBS
// notifications (004).

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// editSeed decodes a seed event, applies edit to it and re-encodes it.
func editSeed(t *testing.T, name string, edit func(ev map[string]any)) string {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal([]byte(readSeed(t, name)), &ev); err != nil {
		t.Fatal(err)
	}
	edit(ev)
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dig walks nested objects and arrays of a decoded event.
func dig(v any, steps ...any) any {
	for _, s := range steps {
		switch k := s.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

func TestSeed003CreateImage(t *testing.T) {
	pat := mustParse(t, readSeed(t, "003_createimage_pattern.json"))
	const console = "003_createimage_console_event.json"
	cases := []struct {
		name  string
		event string
		want  bool
	}{
		{"console CreateImage tagged deprecation=hoge on the image", readSeed(t, console), true},
		{"opswitch CreateImage has no tags", readSeed(t, "003_createimage_opswitch_event.json"), false},
		{"failed call carries errorCode", editSeed(t, console, func(ev map[string]any) {
			ev["detail"].(map[string]any)["errorCode"] = "Client.InvalidParameter"
		}), false},
		{"tag only on the snapshot item: array consistency", editSeed(t, console, func(ev map[string]any) {
			items := dig(ev, "detail", "requestParameters", "tagSpecificationSet", "items").([]any)
			dig(items, 0, "tags", 0).(map[string]any)["key"] = "other"
		}), false},
		{"key and value split across two tags of the image item", editSeed(t, console, func(ev map[string]any) {
			tags := dig(ev, "detail", "requestParameters", "tagSpecificationSet", "items", 0).(map[string]any)
			tags["tags"] = []any{
				map[string]any{"key": "deprecation", "value": "x"},
				map[string]any{"key": "y", "value": "hoge"},
			}
		}), false},
		{"image item second, with extra tags", editSeed(t, console, func(ev map[string]any) {
			items := dig(ev, "detail", "requestParameters", "tagSpecificationSet", "items").([]any)
			items[0], items[1] = items[1], items[0]
			img := items[1].(map[string]any)
			img["tags"] = append([]any{map[string]any{"key": "a", "value": "b"}}, img["tags"].([]any)...)
		}), true},
	}
	for _, c := range cases {
		checkMatch(t, c.name, pat, c.event, c.want)
	}
}

func TestSeed003CreateTags(t *testing.T) {
	pat := mustParse(t, readSeed(t, "003_createtags_pattern.json"))
	const opswitch = "003_createtags_opswitch_event.json"
	cases := []struct {
		name  string
		event string
		want  bool
	}{
		{"opswitch tags the AMI", readSeed(t, opswitch), true},
		{"same tags on the snapshot", editSeed(t, opswitch, func(ev map[string]any) {
			dig(ev, "detail", "requestParameters", "resourcesSet", "items", 0).(map[string]any)["resourceId"] = "snap-0123"
		}), false},
		{"AMI among several resources", editSeed(t, opswitch, func(ev map[string]any) {
			rs := dig(ev, "detail", "requestParameters", "resourcesSet").(map[string]any)
			rs["items"] = append([]any{map[string]any{"resourceId": "snap-1"}}, rs["items"].([]any)...)
		}), true},
		{"deprecation tag has another value", editSeed(t, opswitch, func(ev map[string]any) {
			dig(ev, "detail", "requestParameters", "tagSet", "items", 2).(map[string]any)["value"] = "x"
		}), false},
		{"value hoge on a different tag than key deprecation", editSeed(t, opswitch, func(ev map[string]any) {
			items := dig(ev, "detail", "requestParameters", "tagSet", "items").([]any)
			items[2].(map[string]any)["value"] = "x"
			items[0].(map[string]any)["value"] = "hoge"
		}), false},
	}
	for _, c := range cases {
		checkMatch(t, c.name, pat, c.event, c.want)
	}
}

func TestSeed002AMIStateChange(t *testing.T) {
	events := map[string]string{}
	for _, st := range []string{"available", "failed", "deregistered", "disabled"} {
		events[st] = readSeed(t, "002_ami_"+st+"_event.json")
	}
	cases := []struct {
		pattern string
		want    []string // states whose event matches
	}{
		{`{"source":["aws.ec2"],"detail-type":["EC2 AMI State Change"],"detail":{"State":["available","failed"]}}`,
			[]string{"available", "failed"}},
		{`{"detail":{"ErrorMessage":[""]}}`, []string{"available", "deregistered", "disabled"}},
		{`{"detail":{"ErrorMessage":[{"anything-but":""}]}}`, []string{"failed"}},
		{`{"resources":[{"prefix":"arn:aws:ec2:us-east-1::image/ami-"}],"detail":{"State":[{"anything-but":["available"]}]}}`,
			[]string{"deregistered", "disabled", "failed"}},
		{`{"detail":{"State":[{"equals-ignore-case":"DISABLED"}]}}`, []string{"disabled"}},
	}
	for _, c := range cases {
		p := mustParse(t, c.pattern)
		for st, ev := range events {
			want := strings.Contains(" "+strings.Join(c.want, " ")+" ", " "+st+" ")
			checkMatch(t, c.pattern+" / "+st, p, ev, want)
		}
	}
}

func TestSeed004EBSNotifications(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "seeds", "004_*_event.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed 004 events: %v", err)
	}
	sort.Strings(files)
	snapshotDone := mustParse(t, `{"source":["aws.ec2"],"detail-type":["EBS Snapshot Notification"],
		"detail":{"event":["createSnapshot"],"result":["succeeded"]}}`)
	failures := mustParse(t, `{"detail":{"result":["failed"]}}`)
	for _, f := range files {
		name := filepath.Base(f)
		ev := readSeed(t, name)
		checkMatch(t, name, snapshotDone, ev, strings.Contains(name, "createSnapshot_succeeded"))
		checkMatch(t, name, failures, ev, strings.Contains(name, "_failed"))
	}
	// The published examples with JSON errors (trailing commas) are not acceptable events.
	bad, _ := filepath.Glob(filepath.Join("testdata", "seeds", "004_published_invalid_*.txt"))
	for _, f := range bad {
		if ValidateTestEvent([]byte(readSeed(t, filepath.Base(f)))) == nil {
			t.Errorf("%s: invalid JSON accepted as an event", f)
		}
	}
}
