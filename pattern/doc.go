// Package pattern implements the Amazon EventBridge event-pattern language: Parse validates a
// pattern with AWS's exact error messages, MatchReference and Matches evaluate one pattern
// against one event, Explain says why an event matched or not, and Machine matches an event
// against many rules at once.
//
// README.md in this directory is the normative manual: every operator, the validation rules and
// limits, and the array-consistency rule that all evaluators share.
//
// Patterns are immutable after Parse and safe to share between goroutines; Parse, MatchReference,
// Matches and Explain are safe for concurrent use. The package imports only the standard library.
package pattern
