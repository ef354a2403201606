package main

import (
	"bytes"
	"context"
	stdjpeg "image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// readAll reads every frame of a recorded stream: the payloads, and the
// error that ended it (io.EOF: the end marker, or the end of an MJPEG file).
func readAll(t *testing.T, b []byte) (*wire.Reader, [][]byte, error) {
	t.Helper()
	r := wire.NewReader(bytes.NewReader(b), 0)
	var frames [][]byte
	for {
		f, err := r.Next(nil)
		if err != nil {
			return r, frames, err
		}
		frames = append(frames, bytes.Clone(f.Payload))
	}
}

// splitJPEGs splits plain concatenated JPEGs at their SOI markers, for
// picam's own test-pattern JPEGs (image/jpeg writes no FF D8 FF inside a
// JPEG): each must end with EOI and decode as a w x h JPEG.
func splitJPEGs(t *testing.T, b []byte, w, h int) [][]byte {
	t.Helper()
	soi := []byte{0xFF, 0xD8, 0xFF}
	if !bytes.HasPrefix(b, soi) {
		t.Fatalf("mjpeg stream of %d bytes does not start with a JPEG: % x", len(b), b[:min(len(b), 4)])
	}
	var frames [][]byte
	for len(b) > 0 {
		n := bytes.Index(b[1:], soi) + 1
		if n == 0 {
			n = len(b)
		}
		f := b[:n]
		cfg, err := stdjpeg.DecodeConfig(bytes.NewReader(f))
		if !bytes.HasSuffix(f, []byte{0xFF, 0xD9}) || err != nil || cfg.Width != w || cfg.Height != h {
			t.Fatalf("mjpeg frame %d (%d bytes, ending % x): %dx%d, %v", len(frames), len(f), f[len(f)-2:], cfg.Width, cfg.Height, err)
		}
		frames, b = append(frames, f), b[n:]
	}
	return frames
}

// -o FILE records the stream in each protocol; it reads back frame for frame.
func e2eOutput(t *testing.T, bin string) {
	dir := t.TempDir()
	for _, proto := range []string{"seed", "v2", "mjpeg"} {
		t.Run(proto, func(t *testing.T) {
			name := filepath.Join(dir, "rec."+proto)
			if err := os.WriteFile(name, []byte("old contents, to be truncated"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := start(t, bin, nil, "-o", name, "-proto", proto, "-frames", "7", "-fps", "0", "-W", "64", "-H", "48")
			if err := p.wait(t); err != nil {
				t.Fatalf("picam: %v\n%s", err, p.errText())
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if proto == "mjpeg" {
				if frames := splitJPEGs(t, b, 64, 48); len(frames) != 7 {
					t.Errorf("mjpeg file: %d JPEGs, want 7", len(frames))
				}
				return
			}
			r, frames, err := readAll(t, b)
			if err != io.EOF || len(frames) != 7 || r.Protocol().String() != proto {
				t.Fatalf("%s file: %d frames, then %v; protocol %v", proto, len(frames), err, r.Protocol())
			}
			for i, f := range frames {
				cfg, err := stdjpeg.DecodeConfig(bytes.NewReader(f))
				if err != nil || cfg.Width != 64 || cfg.Height != 48 {
					t.Errorf("frame %d: %dx%d, %v", i, cfg.Width, cfg.Height, err)
				}
			}
		})
	}
	t.Run("stdout", func(t *testing.T) {
		p := start(t, bin, nil, "-o", "-", "-proto", "v2", "-format", "yuv", "-frames", "4", "-fps", "0", "-W", "64", "-H", "48")
		if err := p.wait(t); err != nil {
			t.Fatalf("picam: %v\n%s", err, p.errText())
		}
		r, frames, err := readAll(t, p.stdout.Bytes())
		if err != io.EOF || len(frames) != 4 || r.Hello() == nil || r.Hello().Layout.Format != pixel.FormatI420 {
			t.Errorf("stdout: %d frames then %v, hello %+v", len(frames), err, r.Hello())
		}
		if !strings.Contains(p.errText(), "sent 4 frames") {
			t.Errorf("stderr:\n%s", p.errText())
		}
	})
}

func TestOutput(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	dial, reconnect, done, err := output(config{Out: name}, nil, nil)
	if err != nil || reconnect {
		t.Fatalf("output: %v, reconnect %v", err, reconnect)
	}
	if b, _ := os.ReadFile(name); len(b) != 0 {
		t.Errorf("-o did not truncate the file: %q", b)
	}
	w, err := dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "new")
	w.Close()
	if _, err := dial(context.Background()); err == nil {
		t.Error("the file was handed out twice")
	}
	done()
	if b, _ := os.ReadFile(name); string(b) != "new" {
		t.Errorf("file holds %q", b)
	}

	var stdout bytes.Buffer
	dial, _, done, err = output(config{Out: "-"}, &stdout, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, _ = dial(context.Background())
	io.WriteString(w, "frames")
	w.Close()
	done()
	if stdout.String() != "frames" {
		t.Errorf("stdout %q", stdout.String())
	}

	if _, reconnect, _, err := output(config{Addr: "127.0.0.1:1308"}, nil, nil); err != nil || !reconnect {
		t.Errorf("viewer output: %v, reconnect %v", err, reconnect)
	}
	for cfg, want := range map[config]string{{Addr: "pi:1308"}: "pi:1308", {Out: "-"}: "stdout", {Out: "a.mjpeg"}: "a.mjpeg"} {
		if got := destination(cfg); got != want {
			t.Errorf("destination(%+v) = %q, want %q", cfg, got, want)
		}
	}
}
