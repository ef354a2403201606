package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needRoot skips a test that makes network namespaces unless it can.
func needRoot(t *testing.T) {
	t.Helper()
	if err := preflight(); err != nil {
		t.Skip(err)
	}
}

func TestNamespaceSetUpAndDeleted(t *testing.T) {
	needRoot(t)
	name := namespaceName(900)
	ns, err := NewNamespace(context.Background(), name, Link{Rate: 20e6, MTU: 1500})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Close() })
	if ok, err := namespaceExists(name); err != nil || !ok {
		t.Fatalf("namespace %s not listed: %v", name, err)
	}
	out, err := output(context.Background(), "ip", "netns", "exec", name, "ip", "link", "show", "lo")
	if err != nil || !strings.Contains(out, "mtu 1500") || !strings.Contains(out, "UP") {
		t.Errorf("loopback: %s %v", out, err)
	}
	out, err = output(context.Background(), "ip", "netns", "exec", name, "tc", "qdisc", "show", "dev", "lo")
	if err != nil || !strings.Contains(out, "tbf") || !strings.Contains(out, "20Mbit") {
		t.Errorf("qdisc: %s %v", out, err)
	}
	if err := ns.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ns.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if ok, err := namespaceExists(name); err != nil || ok {
		t.Errorf("namespace %s still there after Close (%v)", name, err)
	}
	// A bad MTU is refused before anything is made.
	if _, err := NewNamespace(context.Background(), name, Link{Rate: 20e6, MTU: 100}); err == nil {
		t.Error("MTU 100 accepted")
	}
	if ok, _ := namespaceExists(name); ok {
		t.Error("a refused namespace was left behind")
	}
}

// buildBinaries builds picam and vidstream (no build tags: Go's JPEG
// decoder) into a temporary folder.
func buildBinaries(t *testing.T) (picam, vidstream string) {
	t.Helper()
	dir := t.TempDir()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Fatalf("find the module: %v", err)
	}
	picam, vidstream = filepath.Join(dir, "picam"), filepath.Join(dir, "vidstream")
	for _, b := range [][]string{{picam, "./capture/cmd/picam"}, {vidstream, "."}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Dir = strings.TrimSpace(string(root))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	return picam, vidstream
}

func TestShortRealRun(t *testing.T) {
	needRoot(t)
	if testing.Short() {
		t.Skip("builds both programs and streams for 6 s")
	}
	picam, vidstream := buildBinaries(t)
	cfg := Config{
		Link: Link{Rate: 20e6, MTU: 1500}, Duration: 6 * time.Second, Window: 2 * time.Second,
		FPS: 30, Noise: 8, Port: 1308, Picam: picam, Vidstream: vidstream, FFmpeg: "ffmpeg", Log: func(s string) { t.Log(s) },
	}
	name := namespaceName(901)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := runIn(ctx, name, cfg, Stream{Kind: "mjpeg", Width: 640, Height: 480}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if st.Frames == 0 || st.Protocol != "v2" || st.Bytes == 0 || st.ArrivalP50Ms == nil || len(st.Windows) == 0 {
		t.Errorf("stats %+v", st)
	}
	if ok, err := namespaceExists(name); err != nil || ok {
		t.Errorf("namespace %s left behind (%v)", name, err)
	}
	var b strings.Builder
	if err := WriteTable(&b, []Row{{Stream: Stream{"mjpeg", 640, 480}, Rate: cfg.Link.Rate, MTU: 1500, FPS: 30, Stats: st}}); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
}

func TestRefusesWithoutRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root")
	}
	if err := preflight(); err == nil || !strings.Contains(err.Error(), "root") {
		t.Errorf("preflight as a user: %v", err)
	}
}
