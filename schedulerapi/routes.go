package schedulerapi

import (
	"context"
	"strconv"

	"github.com/eventrail/eventrail/awsjson"
)

// SigningName is the SigV4 service name of EventBridge Scheduler.
const SigningName = "scheduler"

// Routes returns the REST-JSON routes of the Scheduler API, for awsjson.Options.REST.
func (s *Service) Routes() []awsjson.RESTRoute {
	route := func(method, pattern, op string, h func(context.Context, *awsjson.RESTRequest) (any, error)) awsjson.RESTRoute {
		return awsjson.RESTRoute{Method: method, Pattern: pattern, SigningName: SigningName, Operation: op, Handler: h, Status: statusByCode}
	}
	return []awsjson.RESTRoute{
		route("POST", "/schedules/{Name}", "CreateSchedule", s.createSchedule),
		route("GET", "/schedules/{Name}", "GetSchedule", s.getScheduleOp),
		route("PUT", "/schedules/{Name}", "UpdateSchedule", s.updateSchedule),
		route("DELETE", "/schedules/{Name}", "DeleteSchedule", s.deleteScheduleOp),
		route("GET", "/schedules", "ListSchedules", s.listSchedules),
		route("POST", "/schedule-groups/{Name}", "CreateScheduleGroup", s.createGroup),
		route("GET", "/schedule-groups/{Name}", "GetScheduleGroup", s.getGroupOp),
		route("DELETE", "/schedule-groups/{Name}", "DeleteScheduleGroup", s.deleteGroup),
		route("GET", "/schedule-groups", "ListScheduleGroups", s.listGroups),
		route("POST", "/tags/{ResourceArn}", "TagResource", s.tagResource),
		route("DELETE", "/tags/{ResourceArn}", "UntagResource", s.untagResource),
		route("GET", "/tags/{ResourceArn}", "ListTagsForResource", s.listTags),
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
