package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// python is Debian's python3, which has python3-pil (the python3 first on
// PATH may be another one without PIL).
const python = "/usr/bin/python3"

// The blog post's server.py (capture/testdata/server.py, verbatim) reads
// every frame picam -proto seed sends, with PIL, and ends on the 0 marker.
// A harness on PYTHONPATH (capture/testdata/pyharness/sitecustomize.py)
// counts the images server.py makes with PIL.Image.open and frombytes.
func e2eServerPy(t *testing.T, bin string) {
	const frames = 30
	tests := []struct {
		format, args string
		open, raw    int // images server.py makes with Image.open and frombytes
	}{
		{"jpeg", "", frames, 0},
		{"yuv", "-W 320 -H 240", 0, frames},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			port, images := startServerPy(t)
			// picam retries until server.py listens.
			args := fmt.Sprintf("-proto seed -to 127.0.0.1:%s -format %s -frames %d -fps 0 %s", port, tc.format, frames, tc.args)
			p := start(t, bin, nil, strings.Fields(args)...)
			if err := p.wait(t); err != nil {
				t.Fatalf("picam: %v\n%s", err, p.errText())
			}
			if !strings.Contains(p.errText(), "sent "+strconv.Itoa(frames)+" frames") {
				t.Errorf("picam did not send %d frames:\n%s", frames, p.errText())
			}
			want := fmt.Sprintf("harness: open=%d frombytes=%d sizes=320x240\n", tc.open, tc.raw)
			if got := images(); got != want {
				t.Errorf("server.py's images: %q, want %q", got, want)
			}
		})
	}
}

// startServerPy starts the blog post's server.py on a free port (skipping
// the test without Python and PIL). images waits for it to exit, which it
// must do cleanly, on the 0 marker, and returns what the harness counted:
// "harness: open=N frombytes=M sizes=WxH\n".
func startServerPy(t *testing.T) (port string, images func() string) {
	t.Helper()
	if err := exec.Command(python, "-c", "import PIL.Image").Run(); err != nil {
		t.Skipf("%s with PIL is needed (Debian: apt-get install python3-pil): %v", python, err)
	}
	orig, err := os.ReadFile("../../testdata/server.py")
	if err != nil {
		t.Fatal(err)
	}
	harness, err := filepath.Abs("../../testdata/pyharness")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// server.py binds port 1308, hard-coded. Its copy here differs in that
	// number only: a free port, so that tests and a real viewer on 1308 do
	// not collide.
	_, port, _ = net.SplitHostPort(wiretest.FreeAddr(t))
	const bind = "server_socket.bind(('0.0.0.0', 1308))"
	if strings.Count(string(orig), "1308") != 1 || !bytes.Contains(orig, []byte(bind)) {
		t.Fatalf("server.py does not bind port 1308 exactly once as the post's does")
	}
	src := strings.Replace(string(orig), "1308", port, 1)
	if err := os.WriteFile(filepath.Join(dir, "server.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	server := exec.Command(python, "server.py")
	server.Dir = dir
	server.Env = append(os.Environ(), "PYTHONPATH="+harness, "PYTHONDONTWRITEBYTECODE=1")
	var sout, serr bytes.Buffer
	server.Stdout, server.Stderr = &sout, &serr
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Process.Kill() })
	return port, func() string {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- server.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(safety):
			t.Fatal("server.py did not exit")
		}
		if err != nil {
			t.Fatalf("server.py: %v (it must end on the 0 marker)\nstdout:\n%s\nstderr:\n%s", err, &sout, &serr)
		}
		perf, err := os.ReadFile(filepath.Join(dir, "stream_perf_07.txt"))
		if err != nil || string(perf) != "nbr_images, elapsed(sec), avg_img_size\n" {
			t.Errorf("stream_perf_07.txt: %q, %v", perf, err)
		}
		return serr.String()
	}
}
