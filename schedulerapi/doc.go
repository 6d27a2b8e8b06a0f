// Package schedulerapi is eventrail's EventBridge Scheduler: the separate "scheduler" service
// (REST-JSON, signing name "scheduler", API 2021-06-30, spec §6.4) and the runner that fires
// its schedules.
//
// # API
//
// Routes returns the REST routes of the eleven operations (CreateSchedule, GetSchedule,
// UpdateSchedule, DeleteSchedule, ListSchedules, CreateScheduleGroup, GetScheduleGroup,
// DeleteScheduleGroup, ListScheduleGroups, TagResource, UntagResource, ListTagsForResource)
// for awsjson.Options.REST. Model constraints are checked first and reported as AWS does
// (ValidationException, "N validation errors detected: ..."); then the semantic checks
// (expression, time zone, window, dates, group existence). Errors carry the model's status:
// ValidationException 400, ResourceNotFoundException 404, ConflictException 409,
// ServiceQuotaExceededException 402.
//
// # Storage
//
// Everything lives in one KV bucket (Options.KV, conventionally "scheduler"):
//
//	group/<name>                 a schedule group (with its tags); "default" always exists
//	schedule/<group>/<name>      a schedule (wire fields plus internal Uid and Anchor)
//	fire/<uid>/<unix-ms, 15 digits>  the claim of one occurrence (exactly-once record)
//
// # Firing
//
// Run watches the schedule/ keys and keeps, per schedule, only its timing (about 300 bytes)
// in a min-heap keyed by the next fire time, armed with a single Clock timer. A due
// occurrence is appended to the delivery engine's hand-off log (key "t.sch-<hash of target
// ARN>", data a JSON array of one eventrail.Handoff, Record.ID "sch-<execution id>", the same
// in every runner), then recorded with KV Create("fire/<uid>/<ms>"). A runner finds the claim
// and skips an occurrence already handed over (restarts, several processes sharing the
// bucket); runners racing on one occurrence append the same record ID, which the log keeps
// once, and one Create wins. Retries, RetryPolicy and DeadLetterConfig are the delivery
// engine's. Event-bus targets get an envelope built from EventBridgeParameters with Input as
// detail, which the engine's bus driver puts through the Ingester; without a hand-off log,
// event-bus targets are ingested directly through Options.Ingester (no retries).
//
// Safe for concurrent use.
package schedulerapi
