package capture

import (
	"context"
	"fmt"
	"io"
)

// SendConfig configures Send.
type SendConfig struct {
	// Proto is ProtoSeed, ProtoV2 or ProtoMJPEG; "" means ProtoSeed.
	Proto string
	// Frames is the number of frames to send; 0 sends until ctx is done.
	Frames int
}

// SendStats counts what Send sent.
type SendStats struct {
	// Frames is the number of frames written.
	Frames int
	// Bytes is the payload bytes of those frames, without framing.
	Bytes int64
}

// Send writes src's frames to w in cfg.Proto until cfg.Frames frames are
// sent or ctx is done. In both cases it then writes the end marker and
// returns a nil error. It does not close src or w.
//
// A failed write returns the error, wrapped, and no end marker (a broken
// writer takes no more bytes). An error from src other than ctx's ends the
// stream without the end marker, so that the viewer sees that the sender
// failed rather than a clean end; the error is returned wrapped.
//
// Send cannot interrupt a write that blocks; give w a deadline (for a
// net.Conn, SetWriteDeadline once ctx is done) to bound the time to stop.
func Send(ctx context.Context, w io.Writer, src Source, cfg SendConfig) (SendStats, error) {
	var st SendStats
	if cfg.Frames < 0 {
		return st, fmt.Errorf("capture: send: negative frame count %d", cfg.Frames)
	}
	ww, err := NewWriter(w, cfg.Proto, src.Hello())
	if err != nil {
		return st, fmt.Errorf("capture: send: %w", err)
	}

	for cfg.Frames == 0 || st.Frames < cfg.Frames {
		if ctx.Err() != nil {
			break
		}
		f, err := src.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break // stopped on purpose: end the stream cleanly
			}
			return st, fmt.Errorf("capture: send: reading frame %d from source: %w", st.Frames, err)
		}
		if err := ww.WriteFrame(f.Data, f.Seq, f.Time.UnixNano()); err != nil {
			return st, fmt.Errorf("capture: send: writing frame %d (seq %d, %d bytes): %w",
				st.Frames, f.Seq, len(f.Data), err)
		}
		st.Frames++
		st.Bytes += int64(len(f.Data))
	}
	if err := ww.Close(); err != nil {
		return st, fmt.Errorf("capture: send: writing the end marker: %w", err)
	}
	return st, nil
}
