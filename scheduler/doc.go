// Package scheduler runs the schedules of scheduled rules (spec §6.3): for every enabled rule
// on the default bus with a ScheduleExpression, it computes the fire times with package
// schedule and, at each one, ingests the rule's "Scheduled Event" addressed to that rule alone
// (eventrail.Event.Rule), so only that rule's targets receive it.
//
// # Exactly once per tick
//
// Several processes may run a Scheduler over the same stores. Before ingesting the event of a
// tick, a scheduler claims the tick by creating the key "tick/<rule>/<unix seconds>" in its
// State bucket; the one whose Create succeeds ingests and then marks the record done. A claim
// whose owner did not finish within ClaimLease (it crashed between claim and ingest) is taken
// over by compare-and-set. Event ids are derived from the rule ARN and the tick, so a retried
// tick carries the same id and downstream deduplication can catch the rare double ingest.
//
// # Anchors and missed ticks
//
// rate() counts from the time the rule was created or enabled: the "EnabledTime" member the
// control plane stores in the rule's value. For values without it, the scheduler records, on
// first sight of an enabled scheduled rule, "anchor/<rule>" = {expression, time} (Create wins
// across processes) and tombstones it when the rule is disabled, deleted or its expression
// changes. The anchor also bounds catch-up.
//
// Ticks that fall while no scheduler runs are not all replayed: at start, for each rule, the
// latest tick after max(its latest recorded tick, its anchor, now-CatchUpWindow) and not after
// now is fired once; everything older is skipped (AWS gives no catch-up guarantee).
package scheduler
