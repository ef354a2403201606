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
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture/v4l2"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// safety bounds how long an end-to-end step may hang before the test gives
// up; it is a guard against deadlock, not an assertion about speed.
const safety = 30 * time.Second

// TestPicamEndToEnd builds picam once and runs it against loopback viewers,
// files, stdin and the blog post's server.py.
func TestPicamEndToEnd(t *testing.T) {
	bin := buildPicam(t, t.TempDir())
	t.Run("frames", func(t *testing.T) { e2eFrames(t, bin) })
	t.Run("signal", func(t *testing.T) { e2eSignal(t, bin) })
	t.Run("stalled viewer", func(t *testing.T) { e2eStalled(t, bin) })
	t.Run("bad input", func(t *testing.T) { e2eBadInput(t, bin) })
	t.Run("viewer restart", func(t *testing.T) { e2eViewerRestart(t, bin) })
	t.Run("viewer absent", func(t *testing.T) { e2eViewerAbsent(t, bin) })
	t.Run("output", func(t *testing.T) { e2eOutput(t, bin) })
	t.Run("stdin", func(t *testing.T) { e2eStdin(t, bin) })
	t.Run("server.py", func(t *testing.T) { e2eServerPy(t, bin) })
	t.Run("server.py cut", func(t *testing.T) { e2eServerPyCut(t, bin) })
}

// buildPicam builds this command into dir and returns the binary's path.
func buildPicam(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build picam: %v", err)
	}
	bin := filepath.Join(dir, "picam")
	// Built as this test binary is (same GOOS, cgo): with the V4L2 camera
	// device exactly when v4l2.Available.
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// listen returns a loopback listener on addr ("" is any free port) that
// gives up accepting after safety.
func listen(t *testing.T, addr string) *net.TCPListener {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	tl := ln.(*net.TCPListener)
	tl.SetDeadline(time.Now().Add(safety))
	return tl
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

// picamProc is a running picam whose stderr can be waited on.
type picamProc struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer // read only after wait

	mu      sync.Mutex
	cond    *sync.Cond
	stderr  bytes.Buffer
	exited  bool
	exitErr error
	expired bool
}

// start runs picam with args and stdin (nil: none), its configuration
// folder (where its keys go) one of the test's own. These tests read the
// stream's bytes themselves, so picam runs with -plain unless args ask for
// the encrypted path with -keys (secure_test.go).
func start(t *testing.T, bin string, stdin io.Reader, args ...string) *picamProc {
	t.Helper()
	if !slices.Contains(args, "-keys") {
		args = append([]string{"-plain"}, args...)
	}
	p := &picamProc{cmd: exec.Command(bin, args...)}
	p.cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "STATE_DIRECTORY=")
	p.cond = sync.NewCond(&p.mu)
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = stdin, &p.stdout, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill() })
	go func() {
		err := p.cmd.Wait()
		p.mu.Lock()
		p.exited, p.exitErr = true, err
		p.cond.Broadcast()
		p.mu.Unlock()
	}()
	timer := time.AfterFunc(safety, func() {
		p.mu.Lock()
		p.expired = true
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	t.Cleanup(func() { timer.Stop() })
	return p
}

// Write collects picam's stderr.
func (p *picamProc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stderr.Write(b)
	p.cond.Broadcast()
	return len(b), nil
}

// errText returns picam's stderr so far.
func (p *picamProc) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// waitFor waits until picam's stderr contains s; picam exiting first fails.
func (p *picamProc) waitFor(t *testing.T, s string) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for !strings.Contains(p.stderr.String(), s) {
		if p.exited || p.expired {
			t.Fatalf("picam's stderr never said %q (exited %v: %v):\n%s", s, p.exited, p.exitErr, p.stderr.String())
		}
		p.cond.Wait()
	}
}

// wait waits for picam to exit and returns its exit error.
func (p *picamProc) wait(t *testing.T) error {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.exited {
		if p.expired {
			t.Fatalf("picam did not exit:\n%s", p.stderr.String())
		}
		p.cond.Wait()
	}
	return p.exitErr
}

func e2eFrames(t *testing.T, bin string) {
	tests := []struct {
		proto, format string
		size          int // 0: a JPEG
	}{
		{"seed", "yuv", 64 * 48 * 3 / 2},
		{"seed", "rgb", 64 * 48 * 3},
		{"seed", "jpeg", 0},
		{"v2", "jpeg", 0},
		{"v2", "grey", 64 * 48},
		{"mjpeg", "jpeg", 0},
	}
	for _, tc := range tests {
		t.Run(tc.proto+"/"+tc.format, func(t *testing.T) {
			ln := listen(t, "")
			p := start(t, bin, nil, "-source", "test", "-to", ln.Addr().String(), "-W", "64", "-H", "48",
				"-format", tc.format, "-fps", "0", "-frames", "10", "-proto", tc.proto, "-name", "e2e")
			conn := accept(t, ln)
			if tc.proto == "mjpeg" { // no framing, no end marker: the stream ends at the close
				b, err := io.ReadAll(conn)
				if n := len(splitJPEGs(t, b, 64, 48)); err != nil || n != 10 {
					t.Errorf("mjpeg stream: %d JPEGs, %v; want 10", n, err)
				}
				if err := p.wait(t); err != nil {
					t.Errorf("picam: %v\n%s", err, p.errText())
				}
				return
			}
			r := wire.NewReader(conn, 0)
			for i := range 10 {
				f, err := r.Next(nil)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if tc.size == 0 && !jpeg.IsJPEG(f.Payload) || tc.size != 0 && len(f.Payload) != tc.size {
					t.Errorf("frame %d: %d bytes starting % x", i, len(f.Payload), f.Payload[:min(4, len(f.Payload))])
				}
			}
			if _, err := r.Next(nil); err != io.EOF {
				t.Errorf("after 10 frames: %v, want io.EOF (the end marker)", err)
			}
			if r.Protocol().String() != tc.proto {
				t.Errorf("protocol %v, want %s", r.Protocol(), tc.proto)
			}
			if tc.proto == "v2" {
				h := r.Hello()
				if h == nil || h.Name != "e2e" || h.Layout.Width != 64 || h.Layout.Height != 48 || h.FPS != 0 {
					t.Errorf("hello %+v", h)
				}
			}
			if err := p.wait(t); err != nil {
				t.Errorf("picam: %v\n%s", err, p.errText())
			}
			if !strings.Contains(p.errText(), "sent 10 frames") {
				t.Errorf("stderr lacks the summary:\n%s", p.errText())
			}
		})
	}
}

func e2eSignal(t *testing.T, bin string) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		for _, proto := range []string{"seed", "v2"} {
			t.Run(fmt.Sprint(sig, "/", proto), func(t *testing.T) {
				ln := listen(t, "")
				p := start(t, bin, nil, "-to", ln.Addr().String(), "-W", "32", "-H", "32",
					"-format", "yuv", "-fps", "50", "-proto", proto)
				r := wire.NewReader(accept(t, ln), 0)
				for n := range 3 {
					if _, err := r.Next(nil); err != nil {
						t.Fatalf("frame %d: %v", n, err)
					}
				}
				if err := p.cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				n := 3 + wiretest.ReadToEnd(t, r.Next)
				if err := p.wait(t); err != nil {
					t.Errorf("picam after %v: %v, want exit 0\n%s", sig, err, p.errText())
				}
				if want := fmt.Sprintf("sent %d frames", n); !strings.Contains(p.errText(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, p.errText())
				}
			})
		}
	}
}

// An interrupted picam whose viewer has stopped reading gives up within the
// stop grace instead of hanging in a write, and says so.
func e2eStalled(t *testing.T, bin string) {
	ln := listen(t, "")
	p := start(t, bin, nil, "-to", ln.Addr().String(), "-W", "1920", "-H", "1080", "-format", "rgb", "-fps", "0")
	conn := accept(t, ln)
	conn.(*net.TCPConn).SetReadBuffer(4096)
	// Read one frame's header so picam is surely streaming, then stop reading.
	if _, err := io.ReadFull(conn, make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t); err == nil {
		t.Errorf("picam exited 0 without delivering the end marker\n%s", p.errText())
	}
	if !strings.Contains(p.errText(), "streaming to "+ln.Addr().String()) || !strings.Contains(p.errText(), "i/o timeout") {
		t.Errorf("stderr does not say what failed:\n%s", p.errText())
	}
}

func e2eBadInput(t *testing.T, bin string) {
	// What a missing camera is: with the V4L2 camera device, the V4L2
	// source's own message; without, the stub's, and picam names the device.
	noDevice := ": no camera at /dev/nonexistent"
	if !v4l2.Available {
		noDevice = " /dev/nonexistent: "
	}
	tests := []struct {
		args string
		msg  string
	}{
		{"-to 127.0.0.1 -source camera", `-source "camera": must be test, v4l2 or stdin`},
		{"-to 127.0.0.1 -bogus", "bad arguments"},
		{"-o /nonexistent-dir/x.mjpeg", "-o: open /nonexistent-dir/x.mjpeg"},
		{"-source v4l2 -device /dev/nonexistent -to 127.0.0.1", "-source v4l2" + noDevice},
		{"-list -device /dev/nonexistent", "-list" + noDevice},
		{"-o /dev/null -W 4096 -H 4096 -format rgb -frames 1", "frame 0 (seq 0) is 50331648 bytes, over the wire cap of 33554432 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			p := start(t, bin, nil, strings.Fields(tc.args)...)
			var exit *exec.ExitError
			if err := p.wait(t); !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("picam %s: %v, want a non-zero exit\n%s", tc.args, err, p.errText())
			}
			if !strings.Contains(p.errText(), tc.msg) {
				t.Errorf("stderr %q lacks %q", p.errText(), tc.msg)
			}
		})
	}
}
