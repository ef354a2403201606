package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// The viewer is killed mid-stream and restarted on the same port: picam
// reconnects by itself, with the camera still open, and frames flow again.
func e2eViewerRestart(t *testing.T, bin string) {
	ln := listen(t, "")
	addr := ln.Addr().String()
	p := start(t, bin, nil, "-to", addr, "-W", "64", "-H", "48", "-format", "yuv", "-fps", "100", "-name", "restart")
	c1 := accept(t, ln)
	r1 := wire.NewReader(c1, 0)
	var last1 uint64
	for i := range 5 {
		f, err := r1.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		last1 = f.Seq
	}
	ln.Close() // the viewer dies
	c1.Close()
	p.waitFor(t, "viewer went away")
	p.waitFor(t, "no viewer at "+addr+" yet (connection refused); retrying in")
	time.Sleep(500 * time.Millisecond) // the viewer takes a while to come back

	r2 := wire.NewReader(accept(t, listen(t, addr)), 0)
	for i := range 5 {
		f, err := r2.Next(nil)
		if err != nil {
			t.Fatalf("frame %d after the restart: %v", i, err)
		}
		if f.Seq <= last1 {
			t.Errorf("frame seq %d after the restart, not after %d: the camera did not keep running", f.Seq, last1)
		}
	}
	if h := r2.Hello(); h == nil || h.Name != "restart" {
		t.Errorf("new stream's hello %+v", h)
	}
	p.waitFor(t, "reconnected to the viewer")
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	wiretest.ReadToEnd(t, r2.Next)
	if err := p.wait(t); err != nil {
		t.Errorf("picam: %v\n%s", err, p.errText())
	}
	if !strings.Contains(p.errText(), "reconnects 1\n") {
		t.Errorf("stderr does not count the reconnect:\n%s", p.errText())
	}
}

// No viewer at start: picam says so, retries, and streams once the viewer
// listens.
func e2eViewerAbsent(t *testing.T, bin string) {
	addr := wiretest.FreeAddr(t)
	p := start(t, bin, nil, "-to", addr, "-W", "64", "-H", "48", "-fps", "100", "-frames", "20", "-proto", "seed")
	p.waitFor(t, "no viewer at "+addr+" yet (connection refused); retrying in 250ms")
	r := wire.NewReader(accept(t, listen(t, addr)), 0)
	if n := wiretest.ReadToEnd(t, r.Next); n != 20 {
		t.Errorf("%d frames, want 20", n)
	}
	if err := p.wait(t); err != nil {
		t.Errorf("picam: %v\n%s", err, p.errText())
	}
	if s := p.errText(); !strings.Contains(s, "connected to the viewer") || !strings.Contains(s, "sent 20 frames") {
		t.Errorf("stderr:\n%s", s)
	}
}
