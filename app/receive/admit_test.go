package receive

import (
	"context"
	"errors"
	"image/color"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// A sender that sent one frame and then nothing (or a frame every 9 s, as
// the hostile-input campaign's) holds the viewer only until a camera comes:
// the camera, with a valid stream, takes the place of the idle session.
func TestIdleSessionIsReplacedByANewCamera(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{admit: admission{idleAfter: 200 * time.Millisecond}}, ev)
	squatter := dial(t, srv)
	squatter.Write(seedFrame([]byte("hello")))
	first := wait(t, ev.started, "the squatter's session")
	time.Sleep(300 * time.Millisecond) // no frame since: idle

	camera := dial(t, srv)
	jpg := seedFrame(wiretest.JPEG(t, wiretest.Solid(16, 16, color.RGBA{0, 255, 0, 255}), 95))
	camera.Write(append(append(append([]byte(nil), jpg...), jpg...), 0, 0, 0, 0))
	second := wait(t, ev.started, "the camera's session")
	if second == first {
		t.Fatal("the camera did not get a session of its own")
	}
	var ends []error
	ends = append(ends, wait(t, ev.ended, "a session end"), wait(t, ev.ended, "a session end"))
	replaced := errors.Is(ends[0], ErrReplaced) || errors.Is(ends[1], ErrReplaced)
	clean := ends[0] == nil || ends[1] == nil
	if !replaced || !clean {
		t.Fatalf("ends %v: want the squatter replaced and the camera's stream ended cleanly", ends)
	}
	if got := second.Meter.Snapshot(time.Now()).Received; got != 2 {
		t.Errorf("the camera's session received %d frames, want 2", got)
	}
}

// A camera that streams is not replaced; a v2 sender that comes meanwhile
// is told why it is refused before its connection closes.
func TestBusyViewerTellsAV2SenderWhy(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{admit: admission{idleAfter: time.Second}}, ev)
	camera := dial(t, srv)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer func() { close(stop); wg.Wait() }()
	wg.Go(func() { // a frame every 20 ms
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := camera.Write(seedFrame([]byte("frame"))); err != nil {
				return
			}
		}
	})
	wait(t, ev.started, "the camera's session")

	other := dial(t, srv)
	w, err := wire.NewWriter(other, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: "STRANGER"})
	if err != nil {
		t.Fatal(err)
	}
	w.WriteFrame([]byte("not much"), 1, 0)
	other.SetReadDeadline(time.Now().Add(5 * time.Second))
	reason, err := wire.ReadViewer(other, nil)
	if err != nil || reason != "another camera is already streaming" {
		t.Fatalf("the refused sender read %q, %v", reason, err)
	}
	if err := wait(t, ev.refused, "refusal"); !errors.Is(err, ErrBusy) {
		t.Fatalf("refused with %v", err)
	}
	select {
	case s := <-ev.started:
		t.Fatalf("the stranger took the viewer: %s", s.Remote)
	default:
	}
}

// A flood of connections that connect and close reaches the Handler as at
// most a refusal every refuseEvery, and the streaming camera's frames keep
// coming.
func TestConnectionFloodIsCoalesced(t *testing.T) {
	ev := newEvents(true)
	ev.refused = make(chan error, 10_000)
	srv := serve(t, Config{}, ev)
	camera := dial(t, srv)
	camera.Write(seedFrame([]byte("first")))
	s := wait(t, ev.started, "the camera's session")

	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 250 {
				if c, err := net.Dial("tcp", srv.Addr().String()); err == nil {
					c.Write([]byte{1, 0, 0, 0, 'x'})
					c.Close()
				}
			}
		})
	}
	for range 50 {
		camera.Write(seedFrame([]byte("frame")))
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	camera.Write([]byte{0, 0, 0, 0})
	if err := wait(t, ev.ended, "the camera's end"); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if got := s.Meter.Snapshot(time.Now()).Received; got != 51 {
		t.Errorf("the camera's session received %d frames, want 51", got)
	}
	calls := len(ev.refused)
	if limit := int(elapsed/refuseEvery) + 2; calls > limit {
		t.Errorf("%d refusals reported in %v: more than one a %v", calls, elapsed, refuseEvery)
	}
	if calls == 0 {
		t.Fatal("no refusal reported")
	}
	var last error
	for range calls {
		last = <-ev.refused
	}
	if calls > 1 && !strings.Contains(last.Error(), "more connections refused") {
		t.Errorf("the last refusal %q does not count the ones in between", last)
	}
}

// The accept limiter lets a burst through at once and then paces: 250
// accepts over the burst take at least 250 intervals (a lower bound: load
// only lengthens it).
func TestLimiterPacesAccepts(t *testing.T) {
	const rate, burst = 1000.0, 50
	l := newLimiter(rate, burst)
	start := time.Now()
	for range burst {
		l.wait(context.Background())
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Logf("the burst took %v", d) // not an error: a loaded machine
	}
	start = time.Now()
	for range 250 {
		l.wait(context.Background())
	}
	if d := time.Since(start); d < 240*time.Millisecond {
		t.Errorf("250 accepts after the burst took %v, want about 250 ms at least", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	slow := newLimiter(0.001, 1)
	slow.wait(ctx)
	if err := slow.wait(ctx); err == nil {
		t.Error("a wait with ctx done returned no error")
	}
}

// TestCamerasAtOnce: with Cameras 2, two senders stream side by side, each
// its own session; a third is refused with the limit in words (a v2 sender
// reads it), and gets in once one of the two has ended.
func TestCamerasAtOnce(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{Cameras: 2}, ev)
	a, b := dial(t, srv), dial(t, srv)
	a.Write(seedFrame([]byte("a frame")))
	sa := wait(t, ev.started, "first session")
	b.Write(seedFrame([]byte("b frame")))
	sb := wait(t, ev.started, "second session")
	if sa == sb {
		t.Fatal("both senders got one session")
	}

	third := dial(t, srv)
	w, err := wire.NewWriter(third, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}, Name: "THIRD"})
	if err != nil {
		t.Fatal(err)
	}
	w.WriteFrame([]byte("not much"), 1, 0)
	third.SetReadDeadline(time.Now().Add(5 * time.Second))
	const want = "the viewer already shows 2 cameras, as many as its settings allow"
	if reason, err := wire.ReadViewer(third, nil); err != nil || reason != want {
		t.Fatalf("the third sender read %q, %v; want %q", reason, err, want)
	}
	if err := wait(t, ev.refused, "refusal"); !errors.Is(err, ErrBusy) || err.Error() != want {
		t.Fatalf("refused with %v", err)
	}

	a.Write([]byte{0, 0, 0, 0}) // the seed's end marker
	if err := wait(t, ev.ended, "first session's end"); err != nil {
		t.Fatal(err)
	}
	fourth := dial(t, srv)
	fourth.Write(seedFrame([]byte("d frame")))
	if s := wait(t, ev.started, "a session in the freed place"); s == sb {
		t.Fatal("the fourth sender did not get a session of its own")
	}
}
