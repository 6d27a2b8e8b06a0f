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
//	slot/<unix second, 12 digits>/<part, 4 digits>  a slot part: the exactly-once record of
//	                             a batch of occurrences due in that second
//	fire/<uid>/<unix-ms>         per-occurrence claims of earlier versions (read at start)
//
// # Firing
//
// Run watches the schedule/ keys and keeps, per schedule, its timing in a min-heap keyed by
// the next fire time, armed with a single Clock timer, plus (within Options.ValueCacheBytes)
// what firing needs of its target; schedules beyond that budget are read shortly before
// they fire (prefetch.go). Due occurrences are fired in batches, all those of one second
// together: one slot part per batch of up to 4,096 occurrences. A part is claimed first, with
// KV Create("slot/<second>/<part>") of a pending claim that lists its occurrences and how
// they are packed into hand-off records (one lane per target, up to Options.MaxRecordBytes
// each); then the records are appended to the delivery engine's hand-off log under IDs
// derived from the part ("sch-<second>-<part>-<i>"); then the claim is marked done. A runner
// whose Create finds the part taken reads it, drops what it lists and tries the next part, so
// each occurrence is in one part only (restarts, several processes sharing the bucket). A
// part left pending (its owner died) is taken over after Options.ClaimLease: the records are
// rebuilt from the claim and appended again, and the log's deduplication keeps one copy of
// any the first owner stored. At start the occurrences every claim lists are skipped. See
// slots.go for the details. Retries, RetryPolicy and DeadLetterConfig are the delivery
// engine's; each hand-off carries Scheduler's dead-letter attributes (SCHEDULE_ARN,
// EXECUTION_ID, SCHEDULED_TIME, IS_PAYLOAD_TRUNCATED) in place of the rule ones.
// Event-bus targets get an envelope built from EventBridgeParameters with Input as detail,
// which the engine's bus driver puts through the Ingester; without a hand-off log, event-bus
// targets are ingested directly through Options.Ingester (no retries).
//
// Safe for concurrent use.
package schedulerapi
