package pull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestRetrierReconnects: a server that closes the stream after 3 parts is
// opened again and again, with waits that double, or that start again
// from the shortest after a steady stream.
func TestRetrierReconnects(t *testing.T) {
	parts := testJPEGs(t, 3, 32, 32)
	var conns atomic.Int64
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		conns.Add(1)
		writeParts(w, parts)
	})
	for _, c := range []struct {
		name     string
		steady   time.Duration
		attempts []int
		waits    []time.Duration
	}{
		{"not steady: the waits double", time.Hour, []int{1, 2, 3}, []time.Duration{10, 20, 40}},
		{"steady: the waits start again", time.Nanosecond, []int{1, 1, 1}, []time.Duration{10, 10, 10}},
	} {
		t.Run(c.name, func(t *testing.T) {
			conns.Store(0)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var retries []Retry
			r := Retrier{MinBackoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Steady: c.steady,
				OnRetry: func(rt Retry) { retries = append(retries, rt) }}
			frames := 0
			var err error
			within(t, 20*time.Second, func() {
				err = r.Run(ctx, target(t, s.URL+"/?action=stream"), func(st *Stream) error {
					got, _, err := readFrames(st)
					frames += len(got)
					if len(retries) == len(c.attempts) {
						cancel()
					}
					if errors.Is(err, io.EOF) {
						return nil
					}
					return err
				})
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
			if n := len(c.attempts) + 1; frames != 3*n || conns.Load() != int64(n) {
				t.Errorf("read %d frames over %d connections, want %d over %d", frames, conns.Load(), 3*n, n)
			}
			if len(retries) != len(c.attempts) {
				t.Fatalf("%d retries, want %d", len(retries), len(c.attempts))
			}
			for i, rt := range retries {
				if rt.Attempt != c.attempts[i] || rt.Wait != c.waits[i]*time.Millisecond || !rt.Lost || !errors.Is(rt.Err, ErrEnded) {
					t.Errorf("retry %d: %+v, want attempt %d, wait %v ms, lost, ErrEnded", i, rt, c.attempts[i], c.waits[i])
				}
			}
		})
	}
}

// TestRetrierUnreachable: a target that refuses is tried again and again,
// each failure reported as not reached.
func TestRetrierUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var retries []Retry
	r := Retrier{MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, OnRetry: func(rt Retry) {
		if retries = append(retries, rt); len(retries) == 4 {
			cancel()
		}
	}}
	used := false
	within(t, 20*time.Second, func() {
		err = r.Run(ctx, target(t, "tcp://"+addr), func(*Stream) error { used = true; return nil })
	})
	if !errors.Is(err, context.Canceled) || used {
		t.Errorf("Run returned %v, used a stream %v; want context.Canceled, no stream", err, used)
	}
	for i, rt := range retries {
		want := []time.Duration{1, 2, 4, 4}[i] * time.Millisecond
		if rt.Attempt != i+1 || rt.Wait != want || rt.Lost || !errors.Is(rt.Err, syscall.ECONNREFUSED) {
			t.Errorf("retry %d: %+v, want attempt %d, wait %v, not lost, refused", i, rt, i+1, want)
		}
		if s := rt.String(); !strings.HasPrefix(s, "cannot open the stream: pull: cannot connect to tcp://") || !strings.HasSuffix(s, fmt.Sprintf("; retrying in %d ms", want.Milliseconds())) {
			t.Errorf("retry %d says %q", i, s)
		}
	}
}

// TestRetrierCancelEndsRead: cancelling Run's ctx while its user waits in
// a Read closes the stream, and Run returns.
func TestRetrierCancelEndsRead(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, testJPEGs(t, 1, 16, 16))
		stall(r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := Retrier{Dialer: Dialer{IdleTimeout: -1}}
	var readErr error
	var err error
	within(t, 20*time.Second, func() {
		err = r.Run(ctx, target(t, s.URL), func(st *Stream) error {
			frames, _, err := readFrames(&cancelAfterFirst{st, cancel})
			if len(frames) != 1 {
				t.Errorf("read %d frames before the stall, want 1", len(frames))
			}
			readErr = err
			return err
		})
	})
	if !errors.Is(err, context.Canceled) || !errors.Is(readErr, net.ErrClosed) {
		t.Errorf("Run returned %v, the read %v; want context.Canceled, net.ErrClosed", err, readErr)
	}
	if err := r.Run(ctx, Target{}, nil); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("Run of the zero Target: %v, want an error naming it", err)
	}
}

// cancelAfterFirst cancels once bytes have come and a later read waits.
type cancelAfterFirst struct {
	st     *Stream
	cancel func()
}

func (c *cancelAfterFirst) Read(p []byte) (int, error) {
	if c.st.Stats().Delivered > 0 {
		time.AfterFunc(50*time.Millisecond, c.cancel)
	}
	return c.st.Read(p)
}

func TestRetryString(t *testing.T) {
	for _, c := range []struct {
		r    Retry
		want string
	}{
		{Retry{Err: errors.New("boom"), Wait: 2 * time.Second, Lost: true}, "stream lost: boom; retrying in 2 s"},
		{Retry{Err: errors.New("boom"), Wait: 1500 * time.Millisecond}, "cannot open the stream: boom; retrying in 1.5 s"},
		{Retry{Err: errors.New("boom"), Wait: 500 * time.Millisecond}, "cannot open the stream: boom; retrying in 500 ms"},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
}

// TestRetrierGivesUpOnARefusedLogin: a 401 to a request with a login ends
// Run with the server's refusal, told once to OnRetry as final.
func TestRetrierGivesUpOnARefusedLogin(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	var told []Retry
	r := Retrier{MinBackoff: time.Millisecond, OnRetry: func(rt Retry) { told = append(told, rt) }}
	var err error
	within(t, 10*time.Second, func() {
		err = r.Run(context.Background(), target(t, "http://pi:wrong@"+s.Listener.Addr().String()+"/stream"), func(*Stream) error { return nil })
	})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusUnauthorized {
		t.Fatalf("Run returned %v, want the 401", err)
	}
	if len(told) != 1 || !told[0].Final || !strings.Contains(told[0].String(), "giving up") {
		t.Errorf("OnRetry was told %+v, want one final retry", told)
	}
}
