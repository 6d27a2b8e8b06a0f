package sqsquery

import (
	"context"

	"github.com/eventrail/eventrail/queue"
)

// action is one Query action: decode the form into the queue.Service input, call the
// service, render the XML result (nil for actions whose response has no result element).
type action struct {
	decode func(form) (any, error)
	call   func(ctx context.Context, svc *queue.Service, in any) (result any, err error)
}

// newAction wraps a typed decoder, service method and renderer once. render nil means the
// action answers without a result element.
func newAction[In, Out any](decode func(form) (*In, error),
	method func(*queue.Service, context.Context, *In) (*Out, error), render func(*Out) any) action {
	return action{
		decode: func(f form) (any, error) { return decode(f) },
		call: func(ctx context.Context, svc *queue.Service, in any) (any, error) {
			out, err := method(svc, ctx, in.(*In))
			if err != nil || render == nil || out == nil {
				return nil, err
			}
			return render(out), nil
		},
	}
}

// actions are the SQS 2012-11-05 actions queue.Service implements. AddPermission,
// RemovePermission and ListDeadLetterSourceQueues are absent: they answer InvalidAction.
var actions = map[string]action{
	"CreateQueue": newAction(decodeCreateQueue, (*queue.Service).CreateQueue,
		func(o *queue.CreateQueueOutput) any { return renderQueueURL("CreateQueue")(o.QueueUrl) }),
	"GetQueueUrl": newAction(decodeGetQueueUrl, (*queue.Service).GetQueueUrl,
		func(o *queue.GetQueueUrlOutput) any { return renderQueueURL("GetQueueUrl")(o.QueueUrl) }),
	"ListQueues":         newAction(decodeListQueues, (*queue.Service).ListQueues, renderListQueues),
	"DeleteQueue":        newAction(decodeQueueUrl, (*queue.Service).DeleteQueue, nil),
	"PurgeQueue":         newAction(decodeQueueUrl, (*queue.Service).PurgeQueue, nil),
	"GetQueueAttributes": newAction(decodeGetQueueAttributes, (*queue.Service).GetQueueAttributes, renderGetQueueAttributes),
	"SetQueueAttributes": newAction(decodeSetQueueAttributes, (*queue.Service).SetQueueAttributes, nil),
	"SendMessage":        newAction(decodeSendMessage, (*queue.Service).SendMessage, renderSendMessage),
	"SendMessageBatch":   newAction(decodeSendMessageBatch, (*queue.Service).SendMessageBatch, renderSendMessageBatch),
	"ReceiveMessage":     newAction(decodeReceiveMessage, (*queue.Service).ReceiveMessage, renderReceiveMessage),
	"DeleteMessage":      newAction(decodeDeleteMessage, (*queue.Service).DeleteMessage, nil),
	"DeleteMessageBatch": newAction(decodeDeleteMessageBatch, (*queue.Service).DeleteMessageBatch,
		renderBatch("DeleteMessageBatch")),
	"ChangeMessageVisibility": newAction(decodeChangeMessageVisibility, (*queue.Service).ChangeMessageVisibility, nil),
	"ChangeMessageVisibilityBatch": newAction(decodeChangeMessageVisibilityBatch,
		(*queue.Service).ChangeMessageVisibilityBatch, renderBatch("ChangeMessageVisibilityBatch")),
	"TagQueue":      newAction(decodeTagQueue, (*queue.Service).TagQueue, nil),
	"UntagQueue":    newAction(decodeUntagQueue, (*queue.Service).UntagQueue, nil),
	"ListQueueTags": newAction(decodeQueueUrl, (*queue.Service).ListQueueTags, renderListQueueTags),
}

// Actions returns the names of the Query actions the handler serves, for documentation and
// tests; the slice is fresh.
func Actions() []string { return sortedKeys(actions) }
