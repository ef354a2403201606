package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// recordJPEGs returns n w x h JPEGs of picam's test pattern, recorded by
// picam -proto mjpeg: they stand in for rpicam-vid's output.
func recordJPEGs(t *testing.T, bin string, n, w, h int) [][]byte {
	t.Helper()
	mjpeg := filepath.Join(t.TempDir(), "in.mjpeg")
	p := start(t, bin, nil, "-o", mjpeg, "-proto", "mjpeg", "-frames", strconv.Itoa(n), "-fps", "0",
		"-W", strconv.Itoa(w), "-H", strconv.Itoa(h))
	if err := p.wait(t); err != nil {
		t.Fatalf("recording: %v\n%s", err, p.errText())
	}
	in, err := os.ReadFile(mjpeg)
	if err != nil {
		t.Fatal(err)
	}
	return splitJPEGs(t, in, w, h)
}

// cutMessage is what picam says when stdin ends in the middle of a frame.
const cutMessage = "picam: stdin was cut: it ended in the middle of a frame. That frame was dropped"

// wantCutExit checks that picam exited 1 saying that stdin was cut, after
// dropping the partial frame: sent frames sent and dropped dropped.
func wantCutExit(t *testing.T, p *picamProc, sent, dropped int) {
	t.Helper()
	var exit *exec.ExitError
	if err := p.wait(t); !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("picam: %v, want exit status 1 for a cut input\n%s", err, p.errText())
	}
	for _, want := range []string{
		"picam: dropped a partial frame: the source's input ended in the middle of it",
		fmt.Sprintf("picam: sent %d frames, dropped %d,", sent, dropped),
		cutMessage,
	} {
		if !strings.Contains(p.errText(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, p.errText())
		}
	}
}

// -source stdin turns rpicam-vid's output (concatenated JPEGs, or I420
// frames of -W x -H) into a stream, skipping garbage, and ends at EOF with
// the end marker. When the input is cut in the middle of a frame, picam
// still ends the stream with the end marker, after the whole frames, and
// exits 1 saying so. The test writes each frame once the viewer has the one
// before, as a camera would, so that none is dropped for coming too fast.
func e2eStdin(t *testing.T, bin string) {
	jpegs := recordJPEGs(t, bin, 5, 64, 48)
	var yuvs [][]byte
	for i := range 3 {
		yuvs = append(yuvs, bytes.Repeat([]byte{byte(16 + i)}, 64*48*3/2))
	}
	tests := []struct {
		name          string
		frames        [][]byte
		before, after string // garbage around the frames
		cut           bool   // after is the start of a frame, cut off
		args          string
		skip          string
	}{
		{"jpeg", jpegs, "", "", false, "-format jpeg -proto seed", ""},
		{"jpeg with garbage", jpegs, "noise before", "and after", false, "-format jpeg -proto seed",
			"skipped 21 bytes of garbage on stdin in 2 runs"},
		{"yuv", yuvs, "", "", false, "-format yuv -W 64 -H 48 -proto v2", ""},
		{"jpeg cut", jpegs[:4], "", string(jpegs[4][:len(jpegs[4])/2]), true, "-format jpeg -proto seed", ""},
		{"yuv cut", yuvs, "", string(yuvs[0][:1000]), true, "-format yuv -W 64 -H 48 -proto v2", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ln := listen(t, "")
			args := append([]string{"-source", "stdin", "-to", ln.Addr().String()}, strings.Fields(tc.args)...)
			pr, pw := io.Pipe()
			p := start(t, bin, pr, args...)
			conn := accept(t, ln)
			var wireBytes bytes.Buffer
			r := wire.NewReader(io.TeeReader(conn, &wireBytes), 0)
			for i, f := range tc.frames {
				if i == 0 {
					f = append([]byte(tc.before), f...)
				}
				if _, err := pw.Write(f); err != nil {
					t.Fatal(err)
				}
				got, err := r.Next(nil)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if !bytes.Equal(got.Payload, tc.frames[i]) {
					t.Errorf("frame %d: %d bytes, not the %d written", i, len(got.Payload), len(tc.frames[i]))
				}
			}
			io.WriteString(pw, tc.after)
			pw.Close() // rpicam-vid ends
			if n := wiretest.ReadToEnd(t, r.Next); n != 0 {
				t.Errorf("%d frames more than written", n)
			}
			rest, err := io.ReadAll(conn)
			wireBytes.Write(rest)
			end := []byte{0, 0, 0, 0} // seed's zero length
			if r.Protocol() == wire.ProtoV2 {
				end = []byte{3, 0, 0, 0, 0} // v2's End message
			}
			if b := wireBytes.Bytes(); err != nil || len(rest) != 0 || !bytes.HasSuffix(b, end) {
				t.Errorf("stream ends % x (then %v), want the end marker % x last", b[max(0, len(b)-8):], err, end)
			}
			if tc.cut {
				wantCutExit(t, p, len(tc.frames), 1)
			} else if err := p.wait(t); err != nil {
				t.Fatalf("picam: %v\n%s", err, p.errText())
			}
			if h := r.Hello(); strings.Contains(tc.args, "v2") && (h == nil || h.Layout != pixel.PicameraLayout(pixel.FormatI420, 64, 48)) {
				t.Errorf("hello %+v", h)
			}
			if tc.skip != "" && !strings.Contains(p.errText(), tc.skip) {
				t.Errorf("stderr lacks %q:\n%s", tc.skip, p.errText())
			}
		})
	}
}

// e2eServerPyCut: the blog post's server.py reads a seed stream from picam
// -source stdin whose input is cut in the middle of a frame, and ends
// cleanly on the 0 marker, having read every frame picam sent.
func e2eServerPyCut(t *testing.T, bin string) {
	jpegs := recordJPEGs(t, bin, 3, 320, 240)
	port, images := startServerPy(t)
	pr, pw := io.Pipe()
	p := start(t, bin, pr, "-source", "stdin", "-format", "jpeg", "-proto", "seed", "-to", "127.0.0.1:"+port)
	// A frame every 10 ms, as a camera writes them, until picam says it
	// sent one: frames before it connected to server.py, or replaced by a
	// newer one before it could be sent, are dropped, so the test counts
	// on what picam says it sent.
	status := regexp.MustCompile(`sent (\d+), dropped (\d+)`)
	written := 0
	for deadline := time.Now().Add(safety); ; written++ {
		if time.Now().After(deadline) {
			t.Fatalf("picam sent no frame:\n%s", p.errText())
		}
		if m := status.FindStringSubmatch(p.errText()); m != nil && m[1] != "0" {
			break
		}
		if _, err := pw.Write(jpegs[written%len(jpegs)]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	last := jpegs[written%len(jpegs)]
	pw.Write(last[:len(last)/2]) // the camera's program dies in a frame
	pw.Close()
	got := images()
	p.wait(t)
	m := regexp.MustCompile(`sent (\d+) frames, dropped (\d+),`).FindStringSubmatch(p.errText())
	if m == nil {
		t.Fatalf("picam did not say what it sent:\n%s", p.errText())
	}
	sent, _ := strconv.Atoi(m[1])
	dropped, _ := strconv.Atoi(m[2])
	wantCutExit(t, p, sent, dropped)
	if sent+dropped != written+1 {
		t.Errorf("sent %d, dropped %d; want the %d whole frames and the partial one accounted for", sent, dropped, written)
	}
	if want := fmt.Sprintf("harness: open=%d frombytes=0 sizes=320x240\n", sent); got != want {
		t.Errorf("server.py's images: %q, want %q", got, want)
	}
}
