package sqsquery

import (
	"encoding/base64"
	"encoding/xml"
	"sort"

	"github.com/eventrail/eventrail/queue"
)

// XML result shapes of the sqs 2012-11-05 query model. Each result type names its
// "<Op>Result" wrapper element; flattened lists and maps repeat their member element
// (Message, Attribute, MessageAttribute, QueueUrl, Tag, …) directly inside their parent.
// Map entries are sorted by key so that responses are deterministic.

type xmlAttribute struct {
	Name  string `xml:"Name"`
	Value string `xml:"Value"`
}

type xmlTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type xmlAttributeValue struct {
	StringValue      *string  `xml:"StringValue,omitempty"`
	BinaryValue      *string  `xml:"BinaryValue,omitempty"` // base64
	StringListValues []string `xml:"StringListValue"`
	BinaryListValues []string `xml:"BinaryListValue"` // base64
	DataType         string   `xml:"DataType"`
}

type xmlMessageAttribute struct {
	Name  string            `xml:"Name"`
	Value xmlAttributeValue `xml:"Value"`
}

type xmlMessage struct {
	MessageId              string                `xml:"MessageId"`
	ReceiptHandle          string                `xml:"ReceiptHandle"`
	MD5OfBody              string                `xml:"MD5OfBody"`
	Body                   string                `xml:"Body"`
	Attributes             []xmlAttribute        `xml:"Attribute"`
	MD5OfMessageAttributes string                `xml:"MD5OfMessageAttributes,omitempty"`
	MessageAttributes      []xmlMessageAttribute `xml:"MessageAttribute"`
}

type xmlBatchError struct {
	Id          string `xml:"Id"`
	SenderFault bool   `xml:"SenderFault"`
	Code        string `xml:"Code"`
	Message     string `xml:"Message,omitempty"`
}

type queueURLResult struct {
	XMLName  xml.Name
	QueueUrl string `xml:"QueueUrl"`
}

type listQueuesResult struct {
	XMLName   xml.Name `xml:"ListQueuesResult"`
	QueueUrls []string `xml:"QueueUrl"`
	NextToken string   `xml:"NextToken,omitempty"`
}

type getQueueAttributesResult struct {
	XMLName    xml.Name       `xml:"GetQueueAttributesResult"`
	Attributes []xmlAttribute `xml:"Attribute"`
}

// sendMessageResult is SendMessageResult, members in the order AWS writes them.
type sendMessageResult struct {
	XMLName                      xml.Name `xml:"SendMessageResult"`
	MD5OfMessageBody             string   `xml:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string   `xml:"MD5OfMessageAttributes,omitempty"`
	MD5OfMessageSystemAttributes string   `xml:"MD5OfMessageSystemAttributes,omitempty"`
	MessageId                    string   `xml:"MessageId"`
	SequenceNumber               string   `xml:"SequenceNumber,omitempty"`
}

// sendResult is one SendMessageBatchResultEntry.
type sendResult struct {
	Id                           string `xml:"Id"`
	MessageId                    string `xml:"MessageId"`
	MD5OfMessageBody             string `xml:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `xml:"MD5OfMessageAttributes,omitempty"`
	MD5OfMessageSystemAttributes string `xml:"MD5OfMessageSystemAttributes,omitempty"`
	SequenceNumber               string `xml:"SequenceNumber,omitempty"`
}

type sendMessageBatchResult struct {
	XMLName    xml.Name        `xml:"SendMessageBatchResult"`
	Successful []sendResult    `xml:"SendMessageBatchResultEntry"`
	Failed     []xmlBatchError `xml:"BatchResultErrorEntry"`
}

type receiveMessageResult struct {
	XMLName  xml.Name     `xml:"ReceiveMessageResult"`
	Messages []xmlMessage `xml:"Message"`
}

type batchID struct {
	Id string `xml:"Id"`
}

// batchResult is DeleteMessageBatchResult and ChangeMessageVisibilityBatchResult; entries are
// written as <entryName> elements (see renderBatch).
type batchResult struct {
	XMLName    xml.Name
	Successful []xmlEntry
	Failed     []xmlBatchError `xml:"BatchResultErrorEntry"`
}

type xmlEntry struct {
	XMLName xml.Name
	batchID
}

type listQueueTagsResult struct {
	XMLName xml.Name `xml:"ListQueueTagsResult"`
	Tags    []xmlTag `xml:"Tag"`
}

func renderQueueURL(op string) func(url string) any {
	return func(url string) any { return &queueURLResult{XMLName: xml.Name{Local: op + "Result"}, QueueUrl: url} }
}

func renderListQueues(out *queue.ListQueuesOutput) any {
	return &listQueuesResult{QueueUrls: out.QueueUrls, NextToken: out.NextToken}
}

func renderGetQueueAttributes(out *queue.GetQueueAttributesOutput) any {
	return &getQueueAttributesResult{Attributes: attributes(out.Attributes)}
}

func renderSendMessage(out *queue.SendMessageOutput) any {
	return &sendMessageResult{
		MD5OfMessageBody: out.MD5OfMessageBody, MD5OfMessageAttributes: out.MD5OfMessageAttributes,
		MD5OfMessageSystemAttributes: out.MD5OfMessageSystemAttributes, MessageId: out.MessageId,
		SequenceNumber: out.SequenceNumber,
	}
}

func toSendResult(id string, out *queue.SendMessageOutput) sendResult {
	return sendResult{
		Id: id, MessageId: out.MessageId,
		MD5OfMessageBody: out.MD5OfMessageBody, MD5OfMessageAttributes: out.MD5OfMessageAttributes,
		MD5OfMessageSystemAttributes: out.MD5OfMessageSystemAttributes, SequenceNumber: out.SequenceNumber,
	}
}

func renderSendMessageBatch(out *queue.SendMessageBatchOutput) any {
	r := &sendMessageBatchResult{Failed: batchErrors(out.Failed)}
	for i := range out.Successful {
		e := &out.Successful[i]
		r.Successful = append(r.Successful, toSendResult(e.Id, &e.SendMessageOutput))
	}
	return r
}

func renderReceiveMessage(out *queue.ReceiveMessageOutput) any {
	r := &receiveMessageResult{}
	for _, m := range out.Messages {
		r.Messages = append(r.Messages, xmlMessage{
			MessageId: m.MessageId, ReceiptHandle: m.ReceiptHandle, MD5OfBody: m.MD5OfBody, Body: m.Body,
			Attributes: attributes(m.Attributes), MD5OfMessageAttributes: m.MD5OfMessageAttributes,
			MessageAttributes: messageAttributes(m.MessageAttributes),
		})
	}
	return r
}

// renderBatch renders DeleteMessageBatch ("DeleteMessageBatch") or ChangeMessageVisibilityBatch
// results.
func renderBatch(op string) func(out *queue.BatchOutput) any {
	return func(out *queue.BatchOutput) any {
		r := &batchResult{XMLName: xml.Name{Local: op + "Result"}, Failed: batchErrors(out.Failed)}
		for _, e := range out.Successful {
			r.Successful = append(r.Successful, xmlEntry{XMLName: xml.Name{Local: op + "ResultEntry"}, batchID: batchID{Id: e.Id}})
		}
		return r
	}
}

func renderListQueueTags(out *queue.ListQueueTagsOutput) any {
	r := &listQueueTagsResult{}
	for _, k := range sortedKeys(out.Tags) {
		r.Tags = append(r.Tags, xmlTag{Key: k, Value: out.Tags[k]})
	}
	return r
}

func batchErrors(in []queue.BatchResultErrorEntry) []xmlBatchError {
	out := make([]xmlBatchError, 0, len(in))
	for _, e := range in {
		out = append(out, xmlBatchError{Id: e.Id, SenderFault: e.SenderFault, Code: legacyCode(e.Code), Message: e.Message})
	}
	return out
}

func attributes(m map[string]string) []xmlAttribute {
	out := make([]xmlAttribute, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, xmlAttribute{Name: k, Value: m[k]})
	}
	return out
}

func messageAttributes(m map[string]queue.MessageAttributeValue) []xmlMessageAttribute {
	out := make([]xmlMessageAttribute, 0, len(m))
	for _, k := range sortedKeys(m) {
		v := m[k]
		x := xmlAttributeValue{StringValue: v.StringValue, StringListValues: v.StringListValues, DataType: v.DataType}
		if v.BinaryValue != nil {
			b := base64.StdEncoding.EncodeToString(v.BinaryValue)
			x.BinaryValue = &b
		}
		for _, b := range v.BinaryListValues {
			x.BinaryListValues = append(x.BinaryListValues, base64.StdEncoding.EncodeToString(b))
		}
		out = append(out, xmlMessageAttribute{Name: k, Value: x})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
