package capture

import (
	"context"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// pacedSource makes frames of size bytes at fps, stamped with the time they
// were made, as a camera does; with format H264 every gop-th is a keyframe
// (gop 0: only the first). Its payload is filled with the frame's seq.
type pacedSource struct {
	size   int
	period time.Duration
	format pixel.Format
	gop    int
	seq    uint64
	next   time.Time
	buf    []byte
}

func newPacedSource(size int, fps float64, format pixel.Format, gop int) *pacedSource {
	return &pacedSource{size: size, period: time.Duration(float64(time.Second) / fps), format: format, gop: gop}
}

func (s *pacedSource) Next(ctx context.Context) (Frame, error) {
	if s.next.IsZero() {
		s.next = time.Now()
	}
	if d := time.Until(s.next); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return Frame{}, ctx.Err()
		case <-t.C:
		}
	}
	s.next = s.next.Add(s.period)
	if cap(s.buf) < s.size {
		s.buf = make([]byte, s.size)
	}
	s.buf = s.buf[:s.size]
	for i := range s.buf {
		s.buf[i] = byte(s.seq)
	}
	f := Frame{Data: s.buf, Seq: s.seq, Time: time.Now()}
	if s.format.Interframe() {
		f.Keyframe = s.seq == 0 || (s.gop > 0 && s.seq%uint64(s.gop) == 0)
	}
	s.seq++
	return f, nil
}

func (s *pacedSource) Hello() wire.Hello {
	return wire.Hello{Version: wire.Version, Layout: pixel.Layout{Format: s.format}, FPS: 30, Name: "paced"}
}

func (s *pacedSource) Close() error { return nil }
