package v4l2

import (
	"bytes"
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
)

// TestReopen runs capture.Reopen over the V4L2 source and a fake camera that
// is unplugged: the lost camera is closed with its buffers unmapped outright
// (no address space left behind per reopen), and frames go on from the new one.
func TestReopen(t *testing.T) {
	first, second := newFakeCam(64), newFakeCam(64)
	src := openFake(t, first, Config{})
	r := capture.Reopen(src, func() (capture.Source, error) { return openWith(Config{}, second.open) },
		capture.ReopenConfig{MinBackoff: time.Millisecond})
	defer r.Close()
	first.push(t, jpegOf(1), time.Time{}, false)
	if f, err := r.Next(context.Background()); err != nil || !bytes.Equal(f.Data, jpegOf(1)) {
		t.Fatalf("frame 0: %v, %v", f.Data, err)
	}
	first.mu.Lock()
	first.errAt["dequeue"] = syscall.ENODEV
	first.mu.Unlock()
	second.push(t, jpegOf(2), time.Time{}, false)
	f, err := r.Next(context.Background())
	if err != nil || !bytes.Equal(f.Data, jpegOf(2)) || f.Seq != 1 {
		t.Fatalf("frame 1: %v seq %d, %v; want the new camera's first frame as seq 1", f.Data, f.Seq, err)
	}
	if first.stops != 1 || first.closes != 1 || !first.outright {
		t.Fatalf("lost camera: %d stops (outright %v), %d closes; want 1, true, 1", first.stops, first.outright, first.closes)
	}
	first.check(t, true)
}
