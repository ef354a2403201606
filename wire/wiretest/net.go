package wiretest

import (
	"errors"
	"io"
	"net"
	"testing"
)

// FreeAddr returns a loopback TCP address, 127.0.0.1:PORT, that nothing
// listened on a moment ago.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// FreePort returns the port of FreeAddr.
func FreePort(t testing.TB) int {
	t.Helper()
	addr, err := net.ResolveTCPAddr("tcp", FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	return addr.Port
}

// ReadToEnd calls next (a wire.Reader's Next) until it fails and returns the
// frames read; it fails t unless the stream ended with its end marker
// (io.EOF).
func ReadToEnd[F any](t testing.TB, next func([]byte) (F, error)) int {
	t.Helper()
	for n := 0; ; n++ {
		_, err := next(nil)
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("after %d frames: %v, want io.EOF (the end marker)", n, err)
		}
	}
}

// Serve listens on a loopback port and hands each connection to serve, on
// a goroutine of its own, until the test ends; each connection is closed
// then too.
func Serve(t testing.TB, serve func(net.Conn)) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
			go serve(c)
		}
	}()
	return ln
}
