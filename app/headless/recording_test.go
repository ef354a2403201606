//go:build unix

package headless

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// TestReplayRefusesWhatIsNoRecording: a folder, a named pipe (with no
// writer: opening it for reading would wait for one), a link to a pipe and
// a device are refused at once, saying what they are, before anything runs.
func TestReplayRefusesWhatIsNoRecording(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "stream.seed")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.seed")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		dir:                             "it is a folder, not a recording: name a recording in it",
		fifo:                            "it is a named pipe (FIFO), not a recording: replay reads recorded files; a live stream is received with -listen",
		link:                            "it is a named pipe (FIFO), not a recording",
		filepath.Join(dir, "none.seed"): "there is no such file: check its name and folder",
	}
	if _, err := os.Stat("/dev/null"); err == nil {
		cases["/dev/null"] = "it is a device, not a recording: name a recorded file"
	}
	for path, want := range cases {
		type ret struct {
			res Result
			err error
		}
		done := make(chan ret, 1)
		var out strings.Builder
		go func() {
			res, err := Replay(context.Background(), path, Config{}, &out)
			done <- ret{res, err}
		}()
		var r ret
		select {
		case r = <-done:
		case <-time.After(5 * time.Second):
			// Give the pipe a writer, so that the replay stuck opening it ends.
			if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				w.Close()
			}
			t.Fatalf("replay of %s still waiting after 5 s", path)
		}
		if r.err == nil || !strings.HasPrefix(r.err.Error(), "replay "+path+": "+want) {
			t.Errorf("replay of %s: %v, want %q", path, r.err, want)
		}
		if out.Len() != 0 {
			t.Errorf("replay of %s printed %q: it should not have begun", path, out.String())
		}
	}
}

// TestReplaySaysWhyItCannotPlay: a file that is no recording, holds no
// frame or is cut off ends the replay with the reason (in Result.End and
// logged), after the total line; the frames before a cut are played.
func TestReplaySaysWhyItCannotPlay(t *testing.T) {
	seed, err := os.ReadFile(record(t, wire.ProtoSeed, pixel.FormatJPEG, 3))
	if err != nil {
		t.Fatal(err)
	}
	var v2 bytes.Buffer // a hello and the end marker, no frame
	w, err := wire.NewWriter(&v2, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	noEnd := seed[:len(seed)-4] // without the seed end marker
	cases := []struct {
		name    string
		data    []byte
		size    int64 // the file is data followed by zeros up to size
		frames  int64
		message string
	}{
		{"empty", nil, 0, 0, "the file is empty: there is nothing to play"},
		{"random", []byte{0x42, 0xf9, 0x98, 0xa3, 0xd9, 0x99, 0x53, 0xe8, 0x17}, 0, 0,
			"it holds no stream vidstream knows (it starts with 42 f9 98 a3 d9 99 53 e8): name a seed, v2 or MJPEG recording: wire: frame of"},
		{"text", []byte("nbr_images, elapsed(sec), avg_img_size\n"), 0, 0, `it holds no stream vidstream knows (it starts with "nbr_imag")`},
		{"short", []byte{1, 2}, 0, 0, "it holds no stream vidstream knows (it starts with 01 02)"},
		{"zeros", nil, 2 << 30, 0, "there is no frame in it: it is a seed stream that ends at once (its first 4 bytes are zero, the end-of-stream marker)"},
		{"v2 without frames", v2.Bytes(), 0, 0, "there is no frame in it: it is a v2 stream that ends before its first frame"},
		{"v2 cut in its hello", v2.Bytes()[:9], 0, 0, "there is no frame in it: it is a v2 stream that ends before its first frame: wire:"},
		{"mjpeg", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'}, 0, 0, "there is no frame in it: it starts as a JPEG does, but holds no whole one"},
		{"cut in a frame", seed[:len(seed)-100], 0, 2, "it is cut off after 2 frames, in the middle of the next: wire: frame 2 cut off after"},
		{"cut between frames", noEnd, 0, 3, "it ends after 3 frames without the end-of-stream marker: the recording was cut off between two frames"},
		{"frame too large", append(bytes.Clone(noEnd), 0xff, 0xff, 0xff, 0x0f), 0, 3,
			"it is damaged after 3 frames: the next claims 268435455 bytes, more than the 33554432 a frame may have"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "stream.rec")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.size > 0 {
				if err := os.Truncate(path, tc.size); err != nil { // sparse: no disk used
					t.Fatal(err)
				}
			}
			var logged []string
			var out strings.Builder
			res, err := Replay(context.Background(), path, Config{Log: func(s string) { logged = append(logged, s) }}, &out)
			if err != nil {
				t.Fatalf("replay: %v (the file is read: the reason belongs in End)", err)
			}
			want := "replay " + path + ": " + tc.message
			if res.End == nil || !strings.HasPrefix(res.End.Error(), want) {
				t.Fatalf("end %v\nwant %q…", res.End, want)
			}
			if len(logged) != 1 || logged[0] != res.End.Error() {
				t.Errorf("logged %q, want the end", logged)
			}
			if res.Received != tc.frames || res.Decoded != tc.frames {
				t.Errorf("%d frames received, %d decoded, want %d", res.Received, res.Decoded, tc.frames)
			}
			if strings.TrimSpace(out.String()) != res.TotalLine() {
				t.Errorf("output %q, want the total line", out.String())
			}
		})
	}
}
