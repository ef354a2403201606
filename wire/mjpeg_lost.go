package wire

import "fmt"

// Loss says why an MJPEG splitter lost a frame (see MJPEGReader.Lost).
type Loss int

// The ways an MJPEG stream loses a frame.
const (
	// LossCut is a frame cut short: a new SOI came before its EOI, in its
	// scan, between its segments, or inside a segment that was not whole.
	LossCut Loss = iota + 1
	// LossBroken is a frame whose structure broke (no FF where a marker
	// must be, a segment length under 2, a code no JPEG has outside a scan)
	// or that reached its EOI without a scan.
	LossBroken
	// LossGarbage is a stretch of bytes with no SOI after a whole frame or
	// at the stream's start: a frame whose start was damaged, say.
	LossGarbage
)

// String says what the lost bytes were, to follow their count: "cut short
// by the next SOI", "of a broken JPEG", "of garbage with no SOI".
func (l Loss) String() string {
	switch l {
	case LossCut:
		return "cut short by the next SOI"
	case LossBroken:
		return "of a broken JPEG"
	case LossGarbage:
		return "of garbage with no SOI"
	}
	return fmt.Sprintf("lost (%d)", int(l))
}

// FrameLostError is returned by Reader.Next in an MJPEG stream for each frame
// lost other than by being over the cap (that is a *FrameTooLargeError); see
// MJPEGReader.Lost for what counts as one. It is not final: the next Next
// goes on with the next SOI. Skippable reports it so.
type FrameLostError struct {
	After uint64 // whole frames returned before it
	Bytes int64  // the bytes lost, up to where the frame broke or the SOI after the garbage
	Why   Loss
}

// Error says which frame was lost, how many bytes and why.
func (e *FrameLostError) Error() string {
	return fmt.Sprintf("wire: mjpeg frame lost after frame %d: %d bytes %v", e.After, e.Bytes, e.Why)
}
