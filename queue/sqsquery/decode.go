package sqsquery

import "github.com/eventrail/eventrail/queue"

// Decoders turn a Query form into the queue.Service input of each action. Parameter names
// follow botocore's sqs 2012-11-05 query model (flattened lists and maps). They never panic;
// the only errors are malformed integers and base64 values (InvalidParameterValue). Missing
// required parameters are left empty for the queue.Service to report (MissingParameter).

func decodeCreateQueue(f form) (*queue.CreateQueueInput, error) {
	return &queue.CreateQueueInput{
		QueueName:  f["QueueName"],
		Attributes: f.stringMap("Attribute", "Name", "Value"),
		Tags:       tags(f),
	}, nil
}

// tags reads "Tag.N.Key"/"Tag.N.Value" (what botocore sends) or "Tags.N.Key"/"Tags.N.Value".
func tags(f form) map[string]string {
	if t := f.stringMap("Tag", "Key", "Value"); t != nil {
		return t
	}
	return f.stringMap("Tags", "Key", "Value")
}

func decodeGetQueueUrl(f form) (*queue.GetQueueUrlInput, error) {
	return &queue.GetQueueUrlInput{QueueName: f["QueueName"], QueueOwnerAWSAccountId: f["QueueOwnerAWSAccountId"]}, nil
}

func decodeListQueues(f form) (*queue.ListQueuesInput, error) {
	max, err := f.integer("MaxResults")
	if err != nil {
		return nil, err
	}
	return &queue.ListQueuesInput{QueueNamePrefix: f["QueueNamePrefix"], NextToken: f["NextToken"], MaxResults: max}, nil
}

func decodeQueueUrl(f form) (*queue.QueueUrlInput, error) {
	return &queue.QueueUrlInput{QueueUrl: f["QueueUrl"]}, nil
}

func decodeGetQueueAttributes(f form) (*queue.GetQueueAttributesInput, error) {
	return &queue.GetQueueAttributesInput{QueueUrl: f["QueueUrl"], AttributeNames: f.list("AttributeName")}, nil
}

func decodeSetQueueAttributes(f form) (*queue.SetQueueAttributesInput, error) {
	return &queue.SetQueueAttributesInput{QueueUrl: f["QueueUrl"], Attributes: f.stringMap("Attribute", "Name", "Value")}, nil
}

// sendFields are the members SendMessage and a SendMessageBatchRequestEntry share.
type sendFields struct {
	body, dedupID, groupID *string
	delay                  *int
	attrs, sysAttrs        map[string]queue.MessageAttributeValue
}

func decodeSendFields(f form) (sendFields, error) {
	s := sendFields{body: f.ptr("MessageBody"), dedupID: f.ptr("MessageDeduplicationId"), groupID: f.ptr("MessageGroupId")}
	var err error
	if s.delay, err = f.integer("DelaySeconds"); err != nil {
		return s, err
	}
	if s.attrs, err = f.messageAttributes("MessageAttribute"); err != nil {
		return s, err
	}
	s.sysAttrs, err = f.messageAttributes("MessageSystemAttribute")
	return s, err
}

func decodeSendMessage(f form) (*queue.SendMessageInput, error) {
	s, err := decodeSendFields(f)
	if err != nil {
		return nil, err
	}
	return &queue.SendMessageInput{
		QueueUrl: f["QueueUrl"], MessageBody: s.body, DelaySeconds: s.delay,
		MessageAttributes: s.attrs, MessageSystemAttributes: s.sysAttrs,
		MessageDeduplicationId: s.dedupID, MessageGroupId: s.groupID,
	}, nil
}

func decodeSendMessageBatch(f form) (*queue.SendMessageBatchInput, error) {
	in := &queue.SendMessageBatchInput{QueueUrl: f["QueueUrl"]}
	for _, g := range f.groups("SendMessageBatchRequestEntry") {
		s, err := decodeSendFields(g.f)
		if err != nil {
			return nil, err
		}
		in.Entries = append(in.Entries, queue.SendMessageBatchRequestEntry{
			Id: g.f["Id"], MessageBody: s.body, DelaySeconds: s.delay,
			MessageAttributes: s.attrs, MessageSystemAttributes: s.sysAttrs,
			MessageDeduplicationId: s.dedupID, MessageGroupId: s.groupID,
		})
	}
	return in, nil
}

func decodeReceiveMessage(f form) (*queue.ReceiveMessageInput, error) {
	in := &queue.ReceiveMessageInput{
		QueueUrl:                    f["QueueUrl"],
		AttributeNames:              f.list("AttributeName"),
		MessageSystemAttributeNames: f.list("MessageSystemAttributeName"),
		MessageAttributeNames:       f.list("MessageAttributeName"),
		ReceiveRequestAttemptId:     f["ReceiveRequestAttemptId"],
	}
	var err error
	if in.MaxNumberOfMessages, err = f.integer("MaxNumberOfMessages"); err != nil {
		return nil, err
	}
	if in.VisibilityTimeout, err = f.integer("VisibilityTimeout"); err != nil {
		return nil, err
	}
	if in.WaitTimeSeconds, err = f.integer("WaitTimeSeconds"); err != nil {
		return nil, err
	}
	return in, nil
}

func decodeDeleteMessage(f form) (*queue.DeleteMessageInput, error) {
	return &queue.DeleteMessageInput{QueueUrl: f["QueueUrl"], ReceiptHandle: f["ReceiptHandle"]}, nil
}

func decodeDeleteMessageBatch(f form) (*queue.DeleteMessageBatchInput, error) {
	in := &queue.DeleteMessageBatchInput{QueueUrl: f["QueueUrl"]}
	for _, g := range f.groups("DeleteMessageBatchRequestEntry") {
		in.Entries = append(in.Entries, queue.DeleteMessageBatchRequestEntry{Id: g.f["Id"], ReceiptHandle: g.f["ReceiptHandle"]})
	}
	return in, nil
}

func decodeChangeMessageVisibility(f form) (*queue.ChangeMessageVisibilityInput, error) {
	vt, err := f.integer("VisibilityTimeout")
	if err != nil {
		return nil, err
	}
	return &queue.ChangeMessageVisibilityInput{QueueUrl: f["QueueUrl"], ReceiptHandle: f["ReceiptHandle"], VisibilityTimeout: vt}, nil
}

func decodeChangeMessageVisibilityBatch(f form) (*queue.ChangeMessageVisibilityBatchInput, error) {
	in := &queue.ChangeMessageVisibilityBatchInput{QueueUrl: f["QueueUrl"]}
	for _, g := range f.groups("ChangeMessageVisibilityBatchRequestEntry") {
		vt, err := g.f.integer("VisibilityTimeout")
		if err != nil {
			return nil, err
		}
		in.Entries = append(in.Entries, queue.ChangeMessageVisibilityBatchRequestEntry{
			Id: g.f["Id"], ReceiptHandle: g.f["ReceiptHandle"], VisibilityTimeout: vt,
		})
	}
	return in, nil
}

func decodeTagQueue(f form) (*queue.TagQueueInput, error) {
	return &queue.TagQueueInput{QueueUrl: f["QueueUrl"], Tags: tags(f)}, nil
}

func decodeUntagQueue(f form) (*queue.UntagQueueInput, error) {
	return &queue.UntagQueueInput{QueueUrl: f["QueueUrl"], TagKeys: f.list("TagKey")}, nil
}
