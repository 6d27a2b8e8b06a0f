// Package eventrail is the vocabulary of the eventrail event bus: events, buses, rules, targets,
// the error catalogue, and the interfaces that the engines (pattern matching, routing, delivery,
// scheduling) and the edges (the AWS JSON API, the console, the CLI) use to talk to storage and
// to each other.
//
// It imports only the standard library. Concrete storage backends (package jetstream, package
// memstore), the wire protocol (package awsjson) and the wiring (cmd/eventrail) import this
// package; it never imports them.
package eventrail
