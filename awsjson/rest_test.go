package awsjson

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/eventrail/eventrail"
)

type scheduleIn struct {
	ScheduleExpression string `json:"ScheduleExpression"`
}

// restEcho answers with the path parameters, one query value and the decoded body.
func restEcho(ctx context.Context, r *RESTRequest) (any, error) {
	var in scheduleIn
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if r.Params["Name"] == "missing" {
		return nil, eventrail.Errorf(eventrail.CodeResourceNotFound, "Schedule missing does not exist.")
	}
	if r.Params["Name"] == "boom" {
		panic("rest handler bug")
	}
	return map[string]string{"Name": r.Params["Name"], "Arn": r.Params["ResourceArn"],
		"Group": r.Query.Get("groupName"), "Expr": in.ScheduleExpression, "RequestId": RequestID(ctx)}, nil
}

func schedulerRoutes() []RESTRoute {
	status := map[string]int{eventrail.CodeResourceNotFound: 404, "ConflictException": 409}
	return []RESTRoute{
		{Method: "POST", Pattern: "/schedules/{Name}", SigningName: "scheduler", Operation: "CreateSchedule", Handler: restEcho, Status: status},
		{Method: "GET", Pattern: "/schedules/{Name}", SigningName: "scheduler", Operation: "GetSchedule", Handler: restEcho, Status: status},
		{Method: "GET", Pattern: "/tags/{ResourceArn}", SigningName: "scheduler", Operation: "ListTagsForResource", Handler: restEcho, Status: status},
		{Method: "GET", Pattern: "/files/{Key+}", SigningName: "scheduler", Operation: "Greedy", Handler: restEcho, SuccessStatus: 202},
	}
}

func TestREST(t *testing.T) {
	rec := &recorder{}
	srv := newServer(t, Options{REST: schedulerRoutes(), OnRequest: rec.record,
		Fallback: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })})
	send := func(method, path, body string) reply {
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
		return do(t, req)
	}
	rp := send("POST", "/schedules/nightly", `{"ScheduleExpression":"rate(1 hour)"}`)
	if rp.status != 200 || rp.json["Name"] != "nightly" || rp.json["Expr"] != "rate(1 hour)" ||
		rp.json["RequestId"] != rp.header.Get("X-Amzn-RequestId") || rp.header.Get("Content-Type") != "application/json" {
		t.Errorf("create: %d %s %v", rp.status, rp.body, rp.header)
	}
	if info := rec.last(t); info.Operation != "CreateSchedule" || info.Service != "scheduler" || info.Status != 200 {
		t.Errorf("OnRequest: %+v", info)
	}
	rp = send("GET", "/schedules/nightly?groupName=ops", "")
	if rp.status != 200 || rp.json["Group"] != "ops" {
		t.Errorf("get: %d %s", rp.status, rp.body)
	}
	rp = send("GET", "/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A111111111111%3Aschedule%2Fdefault%2Fnightly", "")
	if rp.json["Arn"] != "arn:aws:scheduler:us-east-1:111111111111:schedule/default/nightly" {
		t.Errorf("ARN parameter: %s", rp.body)
	}
	rp = send("GET", "/files/a/b%20c/d", "")
	if rp.status != 202 {
		t.Errorf("greedy: %d %s", rp.status, rp.body)
	}
	rp = send("GET", "/schedules/missing", "")
	if rp.status != 404 || rp.header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" ||
		rp.json["Message"] != "Schedule missing does not exist." {
		t.Errorf("not found: %d %v %s", rp.status, rp.header, rp.body)
	}
	rp = send("GET", "/schedules/boom", "")
	if rp.status != 500 || rp.header.Get("X-Amzn-ErrorType") != "InternalServerException" {
		t.Errorf("panic: %d %s", rp.status, rp.body)
	}
	rp = send("POST", "/schedules/x", `{"ScheduleExpression":`)
	if rp.status != 400 || rp.header.Get("X-Amzn-ErrorType") != "SerializationException" {
		t.Errorf("bad json: %d %s", rp.status, rp.body)
	}
	for _, p := range []string{"/schedules", "/schedules/a/b", "/other"} {
		if rp := send("GET", p, ""); rp.status != http.StatusTeapot {
			t.Errorf("GET %s: %d, want fallback", p, rp.status)
		}
	}
	if rp := send("DELETE", "/schedules/x", ""); rp.status != http.StatusTeapot {
		t.Errorf("unrouted method: %d", rp.status)
	}
}
