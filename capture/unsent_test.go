package capture

import (
	"context"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// smallReceiveBuffer listens on loopback with a 16 KiB receive buffer, so
// that frames a slow reader has not taken wait on the sender's side.
func smallReceiveBuffer(t *testing.T) net.Listener {
	t.Helper()
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// TestStalledViewerGetsTheNewestFrame: a viewer that stops reading for a
// second and then reads again gets, after at most a few frames that were
// already in the kernel, frames captured after it came back: the frames
// captured meanwhile were dropped at the sender, not queued in its socket.
func TestStalledViewerGetsTheNewestFrame(t *testing.T) {
	ln := smallReceiveBuffer(t)
	src := newPacedSource(31<<10, 30, pixel.FormatJPEG, 0) // camera-like 640x480 JPEG sizes
	ctx, cancel := context.WithTimeout(context.Background(), streamSafety)
	defer cancel()
	done := make(chan StreamStatus, 1)
	go func() {
		st, _ := Stream(ctx, src, TCPDialer(ln.Addr().String(), time.Second), StreamConfig{Proto: wire.ProtoV2})
		done <- st
	}()
	c := acceptConn(t, ln)
	r := wire.NewReader(c, wire.DefaultMaxFrame)
	if _, err := r.Next(nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the viewer stalls; the camera goes on at 30 fps
	back := time.Now()
	stale := 0
	for range 15 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if time.Unix(0, f.CaptureTime).Before(back) {
			stale++
		}
	}
	cancel()
	st := <-done
	t.Logf("%d frames captured before the viewer came back were still delivered; sender: %+v", stale, st)
	// What can still arrive: what the kernel holds (the receive buffer,
	// 32 KiB as Linux doubles the 16 asked, and UnsentLimit: two 31 KiB
	// frames), the frame being written when the viewer stalled, and the one
	// the sender picked as it came back (up to a frame period old). Without
	// UnsentLimit all 15 are from before: the whole second was queued.
	if stale > 5 {
		t.Errorf("%d frames from before the stall ended were queued behind it, want at most 5", stale)
	}
	if st.Dropped < 20 {
		t.Errorf("the sender dropped %d frames during a 1 s stall at 30 fps, want them dropped, not queued", st.Dropped)
	}
}
