package queue

// Wire shapes of the SQS JSON protocol (sqs 2012-11-05 model), with AWS's member names.
// Integer members are pointers where the model makes them optional and "absent" differs from 0.

// MessageAttributeValue is a user message attribute (or a system attribute on send).
type MessageAttributeValue struct {
	DataType         string   `json:"DataType"`
	StringValue      *string  `json:"StringValue,omitempty"`
	BinaryValue      []byte   `json:"BinaryValue,omitempty"`
	StringListValues []string `json:"StringListValues,omitempty"`
	BinaryListValues [][]byte `json:"BinaryListValues,omitempty"`
}

// CreateQueueInput is the CreateQueue request.
type CreateQueueInput struct {
	QueueName  string            `json:"QueueName"`
	Attributes map[string]string `json:"Attributes,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}

// CreateQueueOutput is the CreateQueue response.
type CreateQueueOutput struct {
	QueueUrl string `json:"QueueUrl"`
}

// GetQueueUrlInput is the GetQueueUrl request.
type GetQueueUrlInput struct {
	QueueName              string `json:"QueueName"`
	QueueOwnerAWSAccountId string `json:"QueueOwnerAWSAccountId,omitempty"`
}

// GetQueueUrlOutput is the GetQueueUrl response.
type GetQueueUrlOutput struct {
	QueueUrl string `json:"QueueUrl"`
}

// ListQueuesInput is the ListQueues request.
type ListQueuesInput struct {
	QueueNamePrefix string `json:"QueueNamePrefix,omitempty"`
	NextToken       string `json:"NextToken,omitempty"`
	MaxResults      *int   `json:"MaxResults,omitempty"`
}

// ListQueuesOutput is the ListQueues response.
type ListQueuesOutput struct {
	QueueUrls []string `json:"QueueUrls,omitempty"`
	NextToken string   `json:"NextToken,omitempty"`
}

// QueueUrlInput is the request of operations that only name a queue (DeleteQueue, PurgeQueue).
type QueueUrlInput struct {
	QueueUrl string `json:"QueueUrl"`
}

// Empty is the response of operations without output.
type Empty struct{}

// GetQueueAttributesInput is the GetQueueAttributes request.
type GetQueueAttributesInput struct {
	QueueUrl       string   `json:"QueueUrl"`
	AttributeNames []string `json:"AttributeNames,omitempty"`
}

// GetQueueAttributesOutput is the GetQueueAttributes response.
type GetQueueAttributesOutput struct {
	Attributes map[string]string `json:"Attributes,omitempty"`
}

// SetQueueAttributesInput is the SetQueueAttributes request.
type SetQueueAttributesInput struct {
	QueueUrl   string            `json:"QueueUrl"`
	Attributes map[string]string `json:"Attributes"`
}

// SendMessageInput is the SendMessage request.
type SendMessageInput struct {
	QueueUrl                string                           `json:"QueueUrl"`
	MessageBody             *string                          `json:"MessageBody"`
	DelaySeconds            *int                             `json:"DelaySeconds,omitempty"`
	MessageAttributes       map[string]MessageAttributeValue `json:"MessageAttributes,omitempty"`
	MessageSystemAttributes map[string]MessageAttributeValue `json:"MessageSystemAttributes,omitempty"`
	MessageDeduplicationId  *string                          `json:"MessageDeduplicationId,omitempty"`
	MessageGroupId          *string                          `json:"MessageGroupId,omitempty"`
}

// SendMessageOutput is the SendMessage response.
type SendMessageOutput struct {
	MD5OfMessageBody             string `json:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `json:"MD5OfMessageAttributes,omitempty"`
	MD5OfMessageSystemAttributes string `json:"MD5OfMessageSystemAttributes,omitempty"`
	MessageId                    string `json:"MessageId"`
	SequenceNumber               string `json:"SequenceNumber,omitempty"`
}

// SendMessageBatchRequestEntry is one entry of SendMessageBatch.
type SendMessageBatchRequestEntry struct {
	Id                      string                           `json:"Id"`
	MessageBody             *string                          `json:"MessageBody"`
	DelaySeconds            *int                             `json:"DelaySeconds,omitempty"`
	MessageAttributes       map[string]MessageAttributeValue `json:"MessageAttributes,omitempty"`
	MessageSystemAttributes map[string]MessageAttributeValue `json:"MessageSystemAttributes,omitempty"`
	MessageDeduplicationId  *string                          `json:"MessageDeduplicationId,omitempty"`
	MessageGroupId          *string                          `json:"MessageGroupId,omitempty"`
}

// SendMessageBatchInput is the SendMessageBatch request.
type SendMessageBatchInput struct {
	QueueUrl string                         `json:"QueueUrl"`
	Entries  []SendMessageBatchRequestEntry `json:"Entries"`
}

// SendMessageBatchResultEntry is one successful entry of SendMessageBatch.
type SendMessageBatchResultEntry struct {
	Id string `json:"Id"`
	SendMessageOutput
}

// BatchResultErrorEntry is one failed entry of a batch operation.
type BatchResultErrorEntry struct {
	Id          string `json:"Id"`
	SenderFault bool   `json:"SenderFault"`
	Code        string `json:"Code"`
	Message     string `json:"Message,omitempty"`
}

// SendMessageBatchOutput is the SendMessageBatch response.
type SendMessageBatchOutput struct {
	Successful []SendMessageBatchResultEntry `json:"Successful"`
	Failed     []BatchResultErrorEntry       `json:"Failed"`
}

// ReceiveMessageInput is the ReceiveMessage request.
type ReceiveMessageInput struct {
	QueueUrl                    string   `json:"QueueUrl"`
	AttributeNames              []string `json:"AttributeNames,omitempty"`
	MessageSystemAttributeNames []string `json:"MessageSystemAttributeNames,omitempty"`
	MessageAttributeNames       []string `json:"MessageAttributeNames,omitempty"`
	MaxNumberOfMessages         *int     `json:"MaxNumberOfMessages,omitempty"`
	VisibilityTimeout           *int     `json:"VisibilityTimeout,omitempty"`
	WaitTimeSeconds             *int     `json:"WaitTimeSeconds,omitempty"`
	ReceiveRequestAttemptId     string   `json:"ReceiveRequestAttemptId,omitempty"`
}

// Message is one received message.
type Message struct {
	MessageId              string                           `json:"MessageId"`
	ReceiptHandle          string                           `json:"ReceiptHandle"`
	MD5OfBody              string                           `json:"MD5OfBody"`
	Body                   string                           `json:"Body"`
	Attributes             map[string]string                `json:"Attributes,omitempty"`
	MD5OfMessageAttributes string                           `json:"MD5OfMessageAttributes,omitempty"`
	MessageAttributes      map[string]MessageAttributeValue `json:"MessageAttributes,omitempty"`
}

// ReceiveMessageOutput is the ReceiveMessage response.
type ReceiveMessageOutput struct {
	Messages []Message `json:"Messages,omitempty"`
}

// DeleteMessageInput is the DeleteMessage request.
type DeleteMessageInput struct {
	QueueUrl      string `json:"QueueUrl"`
	ReceiptHandle string `json:"ReceiptHandle"`
}

// DeleteMessageBatchRequestEntry is one entry of DeleteMessageBatch.
type DeleteMessageBatchRequestEntry struct {
	Id            string `json:"Id"`
	ReceiptHandle string `json:"ReceiptHandle"`
}

// DeleteMessageBatchInput is the DeleteMessageBatch request.
type DeleteMessageBatchInput struct {
	QueueUrl string                           `json:"QueueUrl"`
	Entries  []DeleteMessageBatchRequestEntry `json:"Entries"`
}

// BatchResultEntry is one successful entry of a delete or visibility batch.
type BatchResultEntry struct {
	Id string `json:"Id"`
}

// BatchOutput is the response of DeleteMessageBatch and ChangeMessageVisibilityBatch.
type BatchOutput struct {
	Successful []BatchResultEntry      `json:"Successful"`
	Failed     []BatchResultErrorEntry `json:"Failed"`
}

// ChangeMessageVisibilityInput is the ChangeMessageVisibility request.
type ChangeMessageVisibilityInput struct {
	QueueUrl          string `json:"QueueUrl"`
	ReceiptHandle     string `json:"ReceiptHandle"`
	VisibilityTimeout *int   `json:"VisibilityTimeout"`
}

// ChangeMessageVisibilityBatchRequestEntry is one entry of ChangeMessageVisibilityBatch.
type ChangeMessageVisibilityBatchRequestEntry struct {
	Id                string `json:"Id"`
	ReceiptHandle     string `json:"ReceiptHandle"`
	VisibilityTimeout *int   `json:"VisibilityTimeout,omitempty"`
}

// ChangeMessageVisibilityBatchInput is the ChangeMessageVisibilityBatch request.
type ChangeMessageVisibilityBatchInput struct {
	QueueUrl string                                     `json:"QueueUrl"`
	Entries  []ChangeMessageVisibilityBatchRequestEntry `json:"Entries"`
}

// TagQueueInput is the TagQueue request.
type TagQueueInput struct {
	QueueUrl string            `json:"QueueUrl"`
	Tags     map[string]string `json:"Tags"`
}

// UntagQueueInput is the UntagQueue request.
type UntagQueueInput struct {
	QueueUrl string   `json:"QueueUrl"`
	TagKeys  []string `json:"TagKeys"`
}

// ListQueueTagsOutput is the ListQueueTags response.
type ListQueueTagsOutput struct {
	Tags map[string]string `json:"Tags,omitempty"`
}

// ListDeadLetterSourceQueuesInput is the ListDeadLetterSourceQueues request.
type ListDeadLetterSourceQueuesInput struct {
	QueueUrl   string `json:"QueueUrl"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListDeadLetterSourceQueuesOutput is the ListDeadLetterSourceQueues response (its list
// member is lower-case in the model).
type ListDeadLetterSourceQueuesOutput struct {
	QueueUrls []string `json:"queueUrls"`
	NextToken string   `json:"NextToken,omitempty"`
}
