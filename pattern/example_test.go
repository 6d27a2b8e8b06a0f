package pattern_test

import (
	"fmt"

	"github.com/eventrail/eventrail/pattern"
)

func Example() {
	p, err := pattern.Parse(`{
		"source": ["aws.ec2"],
		"detail": {
			"state": [{"anything-but": ["stopped", "terminated"]}],
			"tags": {"key": ["env"], "value": [{"prefix": "prod"}]}
		}
	}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	event := []byte(`{"source": "aws.ec2", "detail": {"state": "running",
		"tags": [{"key": "env", "value": "dev"}, {"key": "team", "value": "production"}]}}`)

	ok, _ := pattern.Matches(p, event)
	fmt.Println("matches:", ok)

	ex, _ := pattern.Explain(p, event)
	fmt.Print(ex)

	_, err = pattern.Parse(`{"detail": {"state": "running"}}`)
	fmt.Println(err)
	// Output:
	// matches: false
	// NO MATCH
	//   ok   detail.state {"anything-but":["stopped","terminated"]}: "running" matches {"anything-but":["stopped","terminated"]}
	//   ok   detail.tags.key "env": "env" matches "env"
	//   ok   detail.tags.value {"prefix":"prod"}: "production" matches {"prefix":"prod"}
	//   ok   source "aws.ec2": "aws.ec2" matches "aws.ec2"
	//   FAIL every condition holds on its own, but not with values from the same element of the event's arrays (matches inside arrays of objects must come from one element)
	// Event pattern is not valid. Reason: "state" must be an object or an array
	//  at [Source: (String)"{"detail": {"state": "running"}}"; line: 1, column: 23]
}
