package schedulerapi

// fireForm is what firing needs of a stored schedule. The runner keeps one per schedule that
// may fire (within Options.ValueCacheBytes), so a burst of occurrences neither reads
// thousands of schedules back from the store nor decodes them. Never modified once built.
type fireForm struct {
	arn, group, name, uid, state string
	target                       Target
}

func newFireForm(sc *storedSchedule) *fireForm {
	return &fireForm{arn: sc.Arn, group: sc.GroupName, name: sc.Name, uid: sc.Uid, state: sc.State, target: sc.Target}
}

// schedule rebuilds the parts of the stored schedule that firing reads.
func (f *fireForm) schedule() *storedSchedule {
	sc := &storedSchedule{Uid: f.uid}
	sc.Arn, sc.GroupName, sc.Name, sc.State, sc.Target = f.arn, f.group, f.name, f.state, f.target
	return sc
}

// size approximates the memory f holds, in bytes.
func (f *fireForm) size() int64 {
	n := 256 + len(f.arn) + len(f.group) + len(f.name) + len(f.uid) + len(f.state)
	t := &f.target
	for _, p := range []*string{t.Arn, t.RoleArn, t.Input} {
		if p != nil {
			n += 24 + len(*p)
		}
	}
	if t.DeadLetterConfig != nil && t.DeadLetterConfig.Arn != nil {
		n += 48 + len(*t.DeadLetterConfig.Arn)
	}
	if p := t.EventBridgeParameters; p != nil {
		n += 64 + len(deref(p.DetailType)) + len(deref(p.Source))
	}
	if t.RetryPolicy != nil {
		n += 48
	}
	if t.SqsParameters != nil || t.KinesisParameters != nil {
		n += 64
	}
	return int64(n + len(t.EcsParameters) + len(t.SageMakerPipelineParameters))
}
