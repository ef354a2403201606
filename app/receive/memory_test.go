package receive

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/codec"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// A stream of frames too costly to decode (a 4096x4096 progressive CMYK
// JPEG needs about 470 MiB through image/jpeg) is refused frame by frame,
// each counted as a decode error saying why, and the stream goes on: the
// good frame after them is shown, and the budget is free again.
func TestFramesOverTheBudgetAreRefusedAndCounted(t *testing.T) {
	budget := pixel.NewBudget(0)
	ev := newEvents(true)
	srv := serve(t, Config{Decode: codec.Options{Budget: budget}}, ev)
	c := dial(t, srv)
	hostile := wiretest.Reframe(t, wiretest.CMYKJPEG(), 0xC2, 4096, 4096, 428<<10)
	good := wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95)
	s := sendEach(t, c, ev, hostile, hostile, hostile, good)
	snap := s.Meter.Snapshot(time.Now())
	if snap.Errors != 3 || snap.Decoded != 1 {
		t.Fatalf("errors %d, decoded %d; want 3 refused and the good frame", snap.Errors, snap.Decoded)
	}
	if !strings.Contains(snap.LastError, "more than the 256 MiB the decoders may hold at once") {
		t.Fatalf("last error %q does not say the frame was over the budget", snap.LastError)
	}
	if f, _ := s.Take(); f == nil || f.Image.Rect.Size() != image.Pt(16, 16) {
		t.Fatalf("shown %v, want the good 16x16 frame", f)
	}
	if n := budget.InUse(); n != 0 {
		t.Fatalf("%d bytes of the budget still reserved", n)
	}
	c.Write([]byte{0, 0, 0, 0})
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
}

// Every session of a server, and every server, decodes under one budget
// unless told otherwise.
func TestSessionsShareOneBudget(t *testing.T) {
	a, b := Config{}.withDefaults(), Config{Decoders: 2}.withDefaults()
	if a.Decode.Budget == nil || a.Decode.Budget != b.Decode.Budget || a.Decode.Budget.Limit() != pixel.DefaultDecodeBudget {
		t.Fatalf("budgets %p and %p; want one shared budget of %d bytes", a.Decode.Budget, b.Decode.Budget, pixel.DefaultDecodeBudget)
	}
	own := pixel.NewBudget(1 << 20)
	if c := (Config{Decode: codec.Options{Budget: own}}).withDefaults(); c.Decode.Budget != own {
		t.Fatal("a budget given is replaced")
	}
}
