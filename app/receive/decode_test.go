package receive

import (
	"bytes"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// ordered is a screen that records the sequence numbers it is shown.
type ordered struct {
	*events
	mu   sync.Mutex
	seqs []uint64
}

func (o *ordered) FrameReady(s *Session) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if f, ok := s.Take(); ok {
		o.seqs = append(o.seqs, f.Seq)
	}
}

func (o *ordered) WindowClosed(*Session, int, stats.Record) {}

func TestParallelDecodersShowFramesInOrder(t *testing.T) {
	ev := &ordered{events: newEvents(false)}
	srv := serve(t, Config{Decoders: 4}, ev)
	c := dial(t, srv)
	l := pixel.PicameraLayout(pixel.FormatRGB24, 64, 48)
	w, err := wire.NewWriter(c, wire.ProtoV2, wire.Hello{Layout: l})
	if err != nil {
		t.Fatal(err)
	}
	frame := bytes.Repeat([]byte{1, 2, 3}, l.Size()/3)
	const n = 300
	for i := range n {
		if err := w.WriteFrame(frame, uint64(i), time.Now().UnixNano()); err != nil {
			t.Fatal(err)
		}
	}
	s := wait(t, ev.started, "session start")
	if s.decoders != 4 {
		t.Fatalf("session has %d decoders, want 4", s.decoders)
	}
	w.Close()
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for i := 1; i < len(ev.seqs); i++ {
		if ev.seqs[i] <= ev.seqs[i-1] {
			t.Fatalf("frame %d shown after frame %d: the screen went backwards", ev.seqs[i], ev.seqs[i-1])
		}
	}
	if len(ev.seqs) == 0 || ev.seqs[len(ev.seqs)-1] != n-1 {
		t.Fatalf("shown %v: the last frame must be the newest, %d", ev.seqs, n-1)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Received != n || int(snap.Dropped)+len(ev.seqs) != n {
		t.Fatalf("received %d, dropped %d, shown %d: every frame is shown or counted as dropped", snap.Received, snap.Dropped, len(ev.seqs))
	}
}

func TestSetFitRoundTrips(t *testing.T) {
	var s Session
	for _, p := range []image.Point{{}, {640, 360}, {1, 65535}, {-1, 7}} {
		s.SetFit(p)
		if got := s.fitSize(); got != p {
			t.Errorf("SetFit(%v) then fitSize() = %v", p, got)
		}
	}
}
