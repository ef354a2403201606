//go:build linux

package headless

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// TestPicamFindsTheViewer: zero-config end to end, in a network namespace
// of its own (loopback with multicast, nothing leaves it): a headless
// viewer listens on every address and advertises itself; picam, given no
// address, finds it by DNS-SD, streams 20 frames into it and ends; then,
// given the viewer's advertised name, does it again.
func TestPicamFindsTheViewer(t *testing.T) {
	if !wiretest.InNetns(t) {
		return
	}
	picam := buildPicam(t)
	trust, err := receive.LoadTrust(t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	keys := t.TempDir()
	for i, to := range []string{"", receive.InstanceName()} {
		var mu sync.Mutex
		var log strings.Builder
		ready := make(chan net.Addr, 1)
		trust.Logf = func(f string, a ...any) { mu.Lock(); fmt.Fprintf(&log, f+"\n", a...); mu.Unlock() }
		cfg := Config{Receive: receive.Config{Addr: ":0", Trust: trust}, Advertise: true, Ready: func(a net.Addr) { ready <- a },
			Log: func(s string) { mu.Lock(); log.WriteString(s + "\n"); mu.Unlock() }}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		done := make(chan Result, 1)
		go func() {
			res, err := Run(ctx, cfg, io.Discard)
			if err != nil {
				t.Errorf("Run: %v", err)
			}
			done <- res
		}()
		<-ready
		args := []string{"-source", "test", "-frames", "20", "-fps", "20", "-name", "garden", "-keys", keys}
		if to != "" {
			args = append(args, "-to", to)
		}
		out, err := exec.CommandContext(ctx, picam, args...).CombinedOutput()
		if err != nil {
			t.Errorf("picam %v: %v\n%s", args, err, out)
		}
		res := <-done
		cancel()
		mu.Lock()
		if res.Received != 20 || res.Protocol != "v2" || !strings.Contains(log.String(), "on the network as") {
			t.Errorf("picam -to %q: viewer received %d frames (%s), want 20 (v2)\nviewer:\n%s\npicam:\n%s", to, res.Received, res.Protocol, log.String(), out)
		}
		paired := strings.Contains(log.String(), `paired with the new camera "garden"`) && strings.Contains(string(out), "paired with the viewer")
		if first := i == 0; paired != first || !strings.Contains(string(out), "(v2, encrypted)") {
			t.Errorf("picam -to %q: paired on this connection %v, want %v (only the first), encrypted\nviewer:\n%s\npicam:\n%s", to, paired, first, log.String(), out)
		}
		mu.Unlock()
	}
}
