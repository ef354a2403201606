package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// safety bounds how long an end-to-end step may hang before the test gives
// up; it is a guard against deadlock, not an assertion about speed.
const safety = 30 * time.Second

// buildPicam builds this command into dir and returns the binary's path.
func buildPicam(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build picam: %v", err)
	}
	bin := filepath.Join(dir, "picam")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// listen returns a loopback listener that gives up accepting after safety.
func listen(t *testing.T) *net.TCPListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	tl := ln.(*net.TCPListener)
	tl.SetDeadline(time.Now().Add(safety))
	return tl
}

// start runs picam with args, its stderr collected in the returned buffer.
func start(t *testing.T, bin string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &stderr
}

func accept(t *testing.T, ln *net.TCPListener) net.Conn {
	t.Helper()
	conn, err := ln.Accept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(safety))
	return conn
}

func TestPicamEndToEnd(t *testing.T) {
	bin := buildPicam(t, t.TempDir())

	t.Run("frames", func(t *testing.T) {
		tests := []struct {
			proto, format string
			size          int // 0: a JPEG
		}{
			{"seed", "yuv", 64 * 48 * 3 / 2},
			{"seed", "rgb", 64 * 48 * 3},
			{"seed", "jpeg", 0},
			{"v2", "jpeg", 0},
			{"v2", "grey", 64 * 48},
		}
		for _, tc := range tests {
			t.Run(tc.proto+"/"+tc.format, func(t *testing.T) {
				ln := listen(t)
				cmd, stderr := start(t, bin, "-source", "test", "-to", ln.Addr().String(), "-W", "64", "-H", "48",
					"-format", tc.format, "-fps", "0", "-frames", "10", "-proto", tc.proto, "-name", "e2e")
				r := wire.NewReader(accept(t, ln), 0)
				for i := range 10 {
					f, err := r.Next(nil)
					if err != nil {
						t.Fatalf("frame %d: %v", i, err)
					}
					if tc.size == 0 && !wire.IsJPEG(f.Payload) || tc.size != 0 && len(f.Payload) != tc.size {
						t.Errorf("frame %d: %d bytes starting % x", i, len(f.Payload), f.Payload[:min(4, len(f.Payload))])
					}
					if tc.proto == "v2" && f.Seq != uint64(i) {
						t.Errorf("frame %d: seq %d", i, f.Seq)
					}
				}
				if _, err := r.Next(nil); err != io.EOF {
					t.Errorf("after 10 frames: %v, want io.EOF (the end marker)", err)
				}
				if tc.proto == "v2" {
					h := r.Hello()
					if h == nil || h.Name != "e2e" || h.Layout.Width != 64 || h.Layout.Height != 48 || h.FPS != 0 {
						t.Errorf("hello %+v", h)
					}
				}
				if err := cmd.Wait(); err != nil {
					t.Errorf("picam: %v\n%s", err, stderr)
				}
				if !strings.Contains(stderr.String(), "sent 10 frames") {
					t.Errorf("stderr lacks the summary:\n%s", stderr)
				}
			})
		}
	})

	t.Run("refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nobody listens there now
		cmd, stderr := start(t, bin, "-to", addr, "-frames", "1")
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 0 {
			t.Fatalf("picam: %v, want a non-zero exit\n%s", err, stderr)
		}
		if want := "no viewer listening on " + addr + ": "; !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	})

	t.Run("bad flags", func(t *testing.T) {
		cmd, stderr := start(t, bin, "-to", "127.0.0.1", "-source", "camera")
		if err := cmd.Wait(); err == nil {
			t.Fatal("picam -source camera exited 0")
		}
		if !strings.Contains(stderr.String(), `source "camera" is not available yet`) {
			t.Errorf("stderr %q", stderr)
		}
	})

	t.Run("signal", func(t *testing.T) {
		for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
			for _, proto := range []string{"seed", "v2"} {
				t.Run(fmt.Sprint(sig, "/", proto), func(t *testing.T) {
					ln := listen(t)
					cmd, stderr := start(t, bin, "-to", ln.Addr().String(), "-W", "32", "-H", "32",
						"-format", "yuv", "-fps", "50", "-proto", proto)
					r := wire.NewReader(accept(t, ln), 0)
					n := 0
					for ; n < 3; n++ {
						if _, err := r.Next(nil); err != nil {
							t.Fatalf("frame %d: %v", n, err)
						}
					}
					if err := cmd.Process.Signal(sig); err != nil {
						t.Fatal(err)
					}
					for {
						_, err := r.Next(nil)
						if err == io.EOF {
							break
						}
						if err != nil {
							t.Fatalf("after %d frames and %v: %v, want io.EOF (the end marker)", n, sig, err)
						}
						n++
					}
					if err := cmd.Wait(); err != nil {
						t.Errorf("picam after %v: %v, want exit 0\n%s", sig, err, stderr)
					}
					if want := fmt.Sprintf("sent %d frames", n); !strings.Contains(stderr.String(), want) {
						t.Errorf("stderr lacks %q:\n%s", want, stderr)
					}
				})
			}
		}
	})

	// An interrupted picam whose viewer has stopped reading gives up after
	// stopGrace instead of hanging in a write.
	t.Run("stalled viewer", func(t *testing.T) {
		ln := listen(t)
		cmd, stderr := start(t, bin, "-to", ln.Addr().String(), "-W", "1920", "-H", "1080", "-format", "rgb", "-fps", "0")
		conn := accept(t, ln)
		// Read one frame's header so picam is surely streaming, then stop reading.
		if _, err := io.ReadFull(conn, make([]byte, 4)); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("picam exited 0 without delivering the end marker\n%s", stderr)
			}
			if !strings.Contains(stderr.String(), "streaming to") {
				t.Errorf("stderr does not say what failed:\n%s", stderr)
			}
		case <-time.After(safety):
			t.Fatal("picam hung on a stalled viewer after SIGINT")
		}
	})
}
