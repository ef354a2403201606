package headless

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire/pairing"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// buildPicam builds picam into a temporary folder.
func buildPicam(t *testing.T) string {
	t.Helper()
	wiretest.SkipEmulated(t, "run the picam it builds")
	picam := filepath.Join(t.TempDir(), "picam")
	if out, err := exec.Command("go", "build", "-o", picam, "../../capture/cmd/picam").CombinedOutput(); err != nil {
		t.Fatalf("building picam: %v\n%s", err, out)
	}
	return picam
}

// lockedLog collects log lines from several goroutines.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runViewer runs a headless viewer on loopback with trust until the test
// ends or a stream of frames ends; it returns its address and its result.
func runViewer(t *testing.T, trust *receive.Trust, log io.Writer) (string, <-chan Result) {
	t.Helper()
	ready := make(chan net.Addr, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	done := make(chan Result, 1)
	cfg := Config{Receive: receive.Config{Addr: "127.0.0.1:0", Trust: trust}, Ready: func(a net.Addr) { ready <- a },
		Log: func(s string) { fmt.Fprintln(log, s) }}
	go func() {
		res, _ := Run(ctx, cfg, io.Discard)
		done <- res
	}()
	return (<-ready).String(), done
}

// picamUntil runs picam with args until its stderr says want (or 20 s
// pass), and returns what it said.
func picamUntil(t *testing.T, picam, want string, args ...string) string {
	t.Helper()
	var out lockedLog
	cmd := exec.Command(picam, args...)
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(out.String(), want) {
			return out.String()
		}
	}
	t.Fatalf("picam %v never said %q:\n%s", args, want, out.String())
	return ""
}

// picam against viewers it must not stream to: one that takes only paired
// cameras, and one whose name picam paired with under another key; then
// -forget, and pairing again.
func TestPicamPairingRefusals(t *testing.T) {
	picam := buildPicam(t)
	keys := t.TempDir()
	closed, err := receive.LoadTrust(t.TempDir(), false) // as -refuse-new
	if err != nil {
		t.Fatal(err)
	}
	var vlog lockedLog
	addr, _ := runViewer(t, closed, &vlog)
	out := picamUntil(t, picam, "refused this camera", "-source", "test", "-frames", "5", "-name", "garden", "-keys", keys, "-to", addr)
	if !strings.Contains(out, "takes only cameras paired with it before") {
		t.Errorf("picam did not say why it was refused:\n%s", out)
	}

	// picam paired with a viewer of this name, but another key.
	pins, err := pairing.OpenPins(filepath.Join(keys, "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := pairing.LoadOrCreate(t.TempDir(), receive.InstanceName())
	if err != nil {
		t.Fatal(err)
	}
	if err := pins.Allow(receive.InstanceName(), other.Fingerprint()); err != nil {
		t.Fatal(err)
	}
	open, err := receive.LoadTrust(t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	addr, done := runViewer(t, open, &vlog)
	out = picamUntil(t, picam, "shows another key", "-source", "test", "-frames", "5", "-name", "garden", "-keys", keys, "-to", addr)
	if !strings.Contains(out, "picam -forget") || len(open.Pins.List()) != 0 {
		t.Errorf("picam did not say what to do, or the impostor was paired (%v):\n%s", open.Pins.List(), out)
	}

	if out, err := exec.Command(picam, "-forget", receive.InstanceName(), "-keys", keys).CombinedOutput(); err != nil || !strings.Contains(string(out), "forgot the viewer") {
		t.Fatalf("picam -forget: %v\n%s", err, out)
	}
	cmd := exec.Command(picam, "-source", "test", "-frames", "5", "-fps", "30", "-name", "garden", "-keys", keys, "-to", addr)
	out2, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out2), "paired with the viewer") {
		t.Fatalf("after -forget picam did not pair: %v\n%s", err, out2)
	}
	if res := <-done; res.Received != 5 {
		t.Errorf("the viewer received %d frames, want 5\n%s", res.Received, vlog.String())
	}
}
