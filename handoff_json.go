package eventrail

import (
	"bytes"
	"encoding/json"
)

// handoffWire is Handoff's JSON form. Payload is left out when it is the event itself (targets
// without Input, InputPath or InputTransformer), which halves the bytes written per hand-off
// on the delivery path; UnmarshalJSON restores it from Event.
type handoffWire Handoff

// MarshalJSON encodes h, omitting Payload when it equals Event.
func (h Handoff) MarshalJSON() ([]byte, error) {
	w := handoffWire(h)
	if bytes.Equal(h.Payload, h.Event) {
		w.Payload = nil
		return json.Marshal(struct {
			handoffWire
			Payload []byte `json:"p,omitempty"`
		}{handoffWire: w})
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes h; an absent payload means the event itself.
func (h *Handoff) UnmarshalJSON(b []byte) error {
	var w struct {
		handoffWire
		Payload *[]byte `json:"p"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*h = Handoff(w.handoffWire)
	if w.Payload != nil {
		h.Payload = *w.Payload
	} else {
		h.Payload = h.Event
	}
	return nil
}
