package pull

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// listen serves each connection to a loopback listener with serve, until
// the test ends.
func listen(t testing.TB, serve func(net.Conn)) net.Listener { return wiretest.Serve(t, serve) }

// TestTCPIdle: a raw stream whose server stops sending fails the read that
// waits with ErrIdle, after the bytes that came.
func TestTCPIdle(t *testing.T) {
	ln := listen(t, func(c net.Conn) { c.Write([]byte("0123456789")) })
	st := openT(t, Dialer{IdleTimeout: 200 * time.Millisecond}, target(t, "tcp://"+ln.Addr().String()))
	within(t, 10*time.Second, func() {
		b, err := io.ReadAll(st)
		if string(b) != "0123456789" || !errors.Is(err, ErrIdle) || errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read %q, then %v; want the 10 bytes, then ErrIdle", b, err)
		}
	})
	if got := st.Stats(); got.Received != 10 || got.Delivered != 10 {
		t.Errorf("stats %+v, want 10 bytes received and delivered", got)
	}
}

// TestTCPDeadline: as on a net.Conn, a read past the caller's deadline
// fails with os.ErrDeadlineExceeded (not ErrIdle), and reads go on once the
// deadline has moved.
func TestTCPDeadline(t *testing.T) {
	more := make(chan struct{})
	ln := listen(t, func(c net.Conn) {
		<-more
		c.Write([]byte("late"))
	})
	st := openT(t, Dialer{IdleTimeout: time.Minute}, target(t, "tcp://"+ln.Addr().String()))
	st.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	buf := make([]byte, 4)
	within(t, 10*time.Second, func() {
		if _, err := st.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, ErrIdle) {
			t.Errorf("read past the deadline: %v, want os.ErrDeadlineExceeded", err)
		}
	})
	st.SetReadDeadline(time.Time{})
	close(more)
	within(t, 10*time.Second, func() {
		if _, err := io.ReadFull(st, buf); err != nil || string(buf) != "late" {
			t.Errorf("read %q, %v after the deadline moved; want \"late\"", buf, err)
		}
	})
}

// TestTCPDeadlineWhileWaiting: a deadline set while a read waits ends it.
func TestTCPDeadlineWhileWaiting(t *testing.T) {
	ln := listen(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	st := openT(t, Dialer{IdleTimeout: -1}, target(t, "tcp://"+ln.Addr().String()))
	time.AfterFunc(50*time.Millisecond, func() { st.SetReadDeadline(time.Now()) })
	within(t, 10*time.Second, func() {
		if _, err := st.Read(make([]byte, 4)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read: %v, want os.ErrDeadlineExceeded", err)
		}
	})
}

func TestOpenTCPRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = Open(context.Background(), target(t, "tcp://"+addr))
	want := "pull: cannot connect to tcp://" + addr + ": connect: connection refused"
	if !errors.Is(err, syscall.ECONNREFUSED) || err.Error() != want {
		t.Errorf("Open of a closed port: %v, want %q", err, want)
	}
	if _, err := Open(context.Background(), Target{}); err == nil || !strings.Contains(err.Error(), "Parse") {
		t.Errorf("Open of the zero Target: %v", err)
	}
}
