package seeds

import "testing"

func TestExtract(t *testing.T) {
	text := "prose {not a doc}\n{\n  \"source\": [\"aws.ec2\"],\n  \"x\": \"}\"\n}\nmore\n  { \"a\": 1, }\n"
	docs := Extract("f.txt", text)
	if len(docs) != 2 {
		t.Fatalf("got %d docs, want 2: %+v", len(docs), docs)
	}
	if !docs[0].Valid || !docs[0].IsPattern() || docs[0].Line != 2 {
		t.Errorf("first doc = %+v, want a valid pattern at line 2", docs[0])
	}
	if docs[1].Valid {
		t.Errorf("trailing comma accepted as JSON: %+v", docs[1])
	}
}

func TestSeedsHaveEventsPatternsAndRecords(t *testing.T) {
	dir := Dir()
	if dir == "" {
		t.Skip("../shared/seeds is absent")
	}
	docs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var events, patterns, records, invalid int
	for _, d := range docs {
		switch {
		case !d.Valid:
			invalid++
		case d.IsEvent():
			events++
		case d.IsPattern():
			patterns++
		case d.IsAuditRecord():
			records++
		}
	}
	t.Logf("%d docs: %d events, %d patterns, %d audit records, %d not JSON", len(docs), events, patterns, records, invalid)
	if events == 0 || patterns == 0 || records == 0 || invalid == 0 {
		t.Errorf("expected each kind in the seeds (the published examples include malformed JSON)")
	}
}
