package stats

// keyframes tracks where a stream's keyframes fall (H.264), for the
// readout's "keyframe every N frames".
type keyframes struct {
	last     uint64 // the sender's seq of the last keyframe
	seen     bool
	interval uint64 // frames from the keyframe before it to the last; 0 unknown
}

// at records a keyframe with sequence number seq.
func (k *keyframes) at(seq uint64) {
	if k.seen && seq > k.last {
		k.interval = seq - k.last
	}
	k.last, k.seen = seq, true
}

// Keyframe records that the frame with sender sequence number seq is a
// keyframe (it decodes on its own), for Snapshot.KeyframeInterval.
func (m *Meter) Keyframe(seq uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys.at(seq)
}
