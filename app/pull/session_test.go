package pull

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// A Stream in the viewer's pipeline: receive.NewSession in Live mode takes
// it for a connection (SetReadDeadline, Close), as the caller plugs it in.

// taker takes each decoded frame, as the window would.
type taker struct {
	mu     sync.Mutex
	frames int
	w, h   int
}

func (k *taker) SessionStarted(*receive.Session) {}
func (k *taker) FrameReady(s *receive.Session) {
	f, ok := s.Take()
	if !ok || f == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.frames++
	k.w, k.h = f.Image.Bounds().Dx(), f.Image.Bounds().Dy()
}
func (k *taker) WindowClosed(*receive.Session, int, stats.Record) {}
func (k *taker) SessionEnded(*receive.Session, error)             {}
func (k *taker) Refused(string, error)                            {}

func TestSessionOfStream(t *testing.T) {
	parts := testJPEGs(t, 5, 64, 48)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, parts)
	})
	st := openT(t, Dialer{}, target(t, s.URL+"/?action=stream"))
	k := &taker{}
	sess := receive.NewSession(st, st.Target().String(), receive.Config{}, receive.Live, k)
	var err error
	within(t, 20*time.Second, func() { err = sess.Run(context.Background()) })
	if err != nil {
		t.Fatalf("session ended with %v, want the stream's end (nil)", err)
	}
	if p, _ := sess.Stream(); p != wire.ProtoMJPEG || sess.Meter.Snapshot(time.Now()).Received != 5 {
		t.Errorf("session read %v, %d frames; want mjpeg, 5", p, sess.Meter.Snapshot(time.Now()).Received)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.frames == 0 || k.w != 64 || k.h != 48 {
		t.Errorf("took %d frames, the last %dx%d; want some of 64x48", k.frames, k.w, k.h)
	}
}

// TestSessionFrameTimeout: a session's frame timeout reaches the stream
// through SetReadDeadline: a server that stops mid-frame is cut off with
// the session's own message.
func TestSessionFrameTimeout(t *testing.T) {
	parts := testJPEGs(t, 1, 64, 48)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, parts)
		fmt.Fprintf(w, "--%s\r\nContent-Type: image/jpeg\r\n\r\n%s", mjpgBoundary, parts[0][:100])
		w.(http.Flusher).Flush()
		stall(r)
	})
	st := openT(t, Dialer{IdleTimeout: -1}, target(t, s.URL))
	name := st.Target().String()
	sess := receive.NewSession(st, name, receive.Config{FrameTimeout: 300 * time.Millisecond}, receive.Live, &taker{})
	var err error
	within(t, 20*time.Second, func() { err = sess.Run(context.Background()) })
	if want := "no whole frame from " + name + " in 300ms"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("session ended with %v, want it to say %q", err, want)
	}
}
