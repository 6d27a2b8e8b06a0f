// Package transform shapes what a rule's target receives from a matched event, as EventBridge
// does with a target's Input, InputPath and InputTransformer (spec §5.1–5.3).
//
// Compile validates a target exactly as PutTargets does (AWS's error types and messages) and
// returns an immutable, goroutine-safe Transformer; Apply renders one event envelope:
//
//   - no Input* member: the whole envelope;
//   - Input: the constant JSON text;
//   - InputPath: the JSON the path selects ("$.detail", "$.detail.items[0].id", "$['a b']",
//     "[-1]", "[*]" / ".*" which select a list);
//   - InputTransformer: InputPathsMap variables and the predefined <aws.events.*> variables
//     substituted into InputTemplate.
//
// Templates have two modes. A JSON template (an object or array that is valid JSON once each
// unquoted placeholder stands for a value, or a lone placeholder) renders unquoted placeholders
// as JSON values (strings quoted, a missing value as "") and quoted ones as raw text; when that
// raw text breaks the JSON (an object inside quotes) AWS drops the invocation and Apply returns
// an error wrapping ErrDrop. Any other template is text: placeholders are replaced by raw
// strings, literals, and objects/arrays in AWS's quote-stripped form ({k:v,n:1}, [a,b]).
//
// The package is pure: standard library and the root package only, no I/O.
package transform
