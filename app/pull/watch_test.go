package pull

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
)

// watcher is a taker that also counts sessions, and says when it has seen
// enough of them.
type watcher struct {
	taker
	mu      sync.Mutex
	started []string
	ended   int
	enough  chan struct{}
	want    int
}

func (k *watcher) SessionStarted(s *receive.Session) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.started = append(k.started, s.Remote)
}

func (k *watcher) SessionEnded(*receive.Session, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.ended++; k.ended == k.want {
		close(k.enough)
	}
}

// TestWatchReconnects: a server that ends its reply after three parts is
// watched as session after session, each named by the URL without its
// password, and the frames of each reach the handler.
func TestWatchReconnects(t *testing.T) {
	parts := testJPEGs(t, 3, 64, 48)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "pi" || p != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		writeParts(w, parts)
	})
	tg := target(t, "http://pi:s3cret@"+s.Listener.Addr().String()+"/stream")
	k := &watcher{enough: make(chan struct{}), want: 2}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, Retrier{MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}, tg, receive.Config{}, k)
	}()
	select {
	case <-k.enough:
	case <-time.After(20 * time.Second):
		t.Fatal("two sessions of the stream did not end in 20 s")
	}
	cancel()
	within(t, 10*time.Second, func() {
		if err := <-done; err != context.Canceled {
			t.Errorf("Watch returned %v, want context.Canceled", err)
		}
	})
	k.mu.Lock()
	defer k.mu.Unlock()
	for i, name := range k.started {
		if name != tg.String() {
			t.Errorf("session %d is named %q, want %q", i, name, tg.String())
		}
		if strings.Contains(name, "s3cret") {
			t.Errorf("session %d's name %q holds the password", i, name)
		}
	}
	k.taker.mu.Lock()
	defer k.taker.mu.Unlock()
	if k.taker.frames < 2 || k.taker.w != 64 {
		t.Errorf("took %d frames (the last %d wide) over two sessions", k.taker.frames, k.taker.w)
	}
}
