package capture

import (
	"context"
	"errors"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// ErrClosed is returned by a Source's Next after Close.
var ErrClosed = errors.New("capture: source closed")

// Frame is one encoded frame from a Source.
type Frame struct {
	// Data is the payload (a JPEG, or a raw frame in the layout of the
	// Source's Hello). It is owned by the Source and valid only until the
	// next call to Next or Close; copy it to keep it.
	Data []byte
	// Seq is the frame's sequence number, counting from 0.
	Seq uint64
	// Time is when the frame was captured, on the sender's clock.
	Time time.Time
	// Keyframe marks, in a stream whose frames depend on earlier ones
	// (H.264: the Hello's format is Interframe), a frame that decodes on its
	// own: an IDR access unit with the SPS and PPS it needs. Sources of
	// other formats leave it false.
	Keyframe bool
}

// Source is a stream of frames, such as a camera or the test pattern.
// A Source is used by one goroutine at a time, except that Close may be
// called from any goroutine to end a blocked Next.
type Source interface {
	// Next waits for and returns the next frame. When ctx is cancelled it
	// returns ctx.Err(); after Close it returns ErrClosed. The frame's Data
	// belongs to the Source until the next call to Next.
	Next(ctx context.Context) (Frame, error)
	// Hello describes the stream: format, layout, nominal frame rate and
	// the sender's name.
	Hello() wire.Hello
	// Close releases the Source. It is safe to call more than once.
	Close() error
}
