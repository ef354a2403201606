package wire

// Timing in protocol v2, an optional extension that older readers and
// senders skip as messages of unknown types (PROTOCOL.md, "Timing"):
//
//   - Sent (type 5, sender to viewer): the moment a frame started down the
//     connection, on the sender's clock, just before the frame it is about.
//   - Time probe (type 17, viewer to sender): the viewer's clock when it
//     sent the probe.
//   - Time reply (type 6, sender to viewer): the probe's time echoed, and
//     the sender's clock when the probe arrived and when the reply left.
//
// With the viewer's clock when the reply arrived that makes an NTP-style
// sample of the two clocks' offset and the round trip (package stats keeps
// the best of several).

import (
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// v2 timing message types.
const (
	msgSent      = 5  // sender to viewer: seq uint64 | sent_ns int64
	msgTimeReply = 6  // sender to viewer: probe_ns | received_ns | replied_ns, int64 each
	msgTimeProbe = 17 // viewer to sender: probe_ns int64
)

// Body lengths of the timing messages. Readers accept longer bodies and
// ignore the bytes after these (room for later fields).
const (
	sentLen      = 16
	timeReplyLen = 24
	timeProbeLen = 8
)

// ClockSource says what a v2 stream's capture times are the time of, as its
// Hello announces it. A reader shows it beside latencies measured from them.
type ClockSource uint8

// Clock sources. Values a reader does not know read as ClockUnknown.
const (
	// ClockUnknown: the sender does not say.
	ClockUnknown ClockSource = iota
	// ClockCamera: the camera driver's timestamp of the frame (a V4L2
	// buffer's), converted to the wall clock.
	ClockCamera
	// ClockArrival: when the frame arrived whole at the sender from
	// another program (rpicam-vid on picam's stdin), not its exposure.
	ClockArrival
	// ClockDrawn: when a test pattern drew the frame.
	ClockDrawn
	numClockSources
)

// String names the clock source the way a readout says it.
func (c ClockSource) String() string {
	switch c {
	case ClockCamera:
		return "camera timestamp"
	case ClockArrival:
		return "arrival at the sender"
	case ClockDrawn:
		return "test pattern drawn"
	}
	return "unknown"
}

// TimeReply is a sender's answer to a time probe: the probe's own time
// (the viewer's clock when it sent it), and the sender's clock when the
// probe arrived and when the reply was written, all ns since the Unix epoch.
type TimeReply struct {
	Probe, Received, Replied int64
}

// appendSent appends a Sent message for frame seq, sent at sentNs, to b.
func appendSent(b []byte, seq uint64, sentNs int64) []byte {
	b = append(b, msgSent)
	b = binary.LittleEndian.AppendUint32(b, sentLen)
	b = binary.LittleEndian.AppendUint64(b, seq)
	return binary.LittleEndian.AppendUint64(b, uint64(sentNs))
}

// appendTimeReply appends a time reply message to b.
func appendTimeReply(b []byte, r TimeReply) []byte {
	b = append(b, msgTimeReply)
	b = binary.LittleEndian.AppendUint32(b, timeReplyLen)
	for _, v := range [...]int64{r.Probe, r.Received, r.Replied} {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	return b
}

// parseTimeReply decodes a time reply body.
func parseTimeReply(body []byte) (TimeReply, error) {
	if len(body) < timeReplyLen {
		return TimeReply{}, fmt.Errorf("wire: v2 time reply of %d bytes, at least %d needed", len(body), timeReplyLen)
	}
	le := binary.LittleEndian
	return TimeReply{
		Probe:    int64(le.Uint64(body)),
		Received: int64(le.Uint64(body[8:])),
		Replied:  int64(le.Uint64(body[16:])),
	}, nil
}

// StampSends makes a v2 Writer send, right before each frame and in the
// same write call, a Sent message with the frame's seq and the time now()
// gives as the write begins: the sender's half of the latency by stage
// (capture to sent). nil turns it off; other protocols ignore it.
func (w *Writer) StampSends(now func() time.Time) { w.now = now }

// WriteTimeReply answers a viewer's time probe sent at probeNs (the
// viewer's clock) that arrived at receivedNs (the sender's): it writes a
// time reply stamped with the clock StampSends set (time.Now without one)
// as the write begins. Only v2 streams carry it; for others it does
// nothing. It is written between frames, never inside one, and sends the
// hello first if no frame has gone yet.
func (w *Writer) WriteTimeReply(probeNs, receivedNs int64) error {
	if w.proto != ProtoV2 {
		return nil
	}
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errWriterClosed
	}
	now := w.now
	if now == nil {
		now = time.Now
	}
	r := TimeReply{Probe: probeNs, Received: receivedNs, Replied: now().UnixNano()}
	return w.send(appendTimeReply(w.hdr[:0], r), nil)
}

// WriteTimeProbe writes a time probe to w, a v2 sender's connection: the
// viewer's clock, probeNs, for the sender to echo in a time reply.
func WriteTimeProbe(w io.Writer, probeNs int64) error {
	b := make([]byte, 0, msgHeaderLen+timeProbeLen)
	b = append(b, msgTimeProbe)
	b = binary.LittleEndian.AppendUint32(b, timeProbeLen)
	b = binary.LittleEndian.AppendUint64(b, uint64(probeNs))
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("wire: writing a time probe: %w", err)
	}
	return nil
}

// OnTimeReply has the Reader call fn, on the goroutine that calls Next,
// with each time reply a v2 stream carries, as soon as its last byte has
// been read (so fn should stamp the arrival itself, and return quickly).
// Replies are not frames: Next reads on past them.
func (r *Reader) OnTimeReply(fn func(TimeReply)) { r.onReply = fn }

// readTiming reads the body of a Sent or time reply message of n bytes:
// a Sent is kept for the frame that follows it, a reply passed to
// OnTimeReply's function. Short bodies are errors; longer ones are read
// whole and their extra bytes ignored.
func (r *Reader) readTiming(typ byte, n uint32) error {
	need := sentLen
	if typ == msgTimeReply {
		need = timeReplyLen
	}
	if n < uint32(need) {
		return fmt.Errorf("wire: v2 message type %d of %d bytes, at least %d needed", typ, n, need)
	}
	body := r.scratch[:need]
	if err := r.readBody(body, "v2 timing message"); err != nil {
		return err
	}
	// Decoded before skip reuses the scratch buffer.
	le := binary.LittleEndian
	seq, sent := le.Uint64(body), int64(le.Uint64(body[8:]))
	reply, err := parseTimeReply(body)
	if n > uint32(need) {
		if err := r.skip(int(n)-need, typ); err != nil {
			return err
		}
	}
	if typ == msgSent {
		r.sentSeq, r.sentNs, r.haveSent = seq, sent, true
		return nil
	}
	if err != nil {
		return err
	}
	if r.onReply != nil {
		r.onReply(reply)
	}
	return nil
}

// ReadViewer reads what the viewer sends back on a v2 connection until it
// refuses the stream, whose reason it returns (fit to print), or the
// connection ends (the read error). Each time probe is passed to probe
// (when not nil) with the probe's time, as soon as it has been read:
// probe should stamp the arrival itself and return quickly. Messages it
// does not know are skipped; one over 4 KiB is an error.
func ReadViewer(r io.Reader, probe func(probeNs int64)) (reason string, err error) {
	var h [msgHeaderLen]byte
	var body [maxReplyLen]byte
	for {
		if _, err := io.ReadFull(r, h[:]); err != nil {
			return "", err
		}
		n := binary.LittleEndian.Uint32(h[1:])
		if n > maxReplyLen {
			return "", fmt.Errorf("wire: the viewer's message of %d bytes is over %d", n, maxReplyLen)
		}
		b := body[:n]
		if _, err := io.ReadFull(r, b); err != nil {
			return "", err
		}
		switch {
		case h[0] == msgRefused:
			return printable(string(b)), nil
		case h[0] == msgTimeProbe && n >= timeProbeLen && probe != nil:
			probe(int64(binary.LittleEndian.Uint64(b)))
		}
	}
}
