package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/pixel"
)

func TestStreamSpecs(t *testing.T) {
	full, quick := streamSpecs(false), streamSpecs(true)
	names := []string{"320x240 jpeg", "320x240 yuv", "320x240 rgb", "1280x720 jpeg", "1920x1080 jpeg", "1280x720 h264", "1920x1080 h264"}
	if len(full) != len(names) || len(quick) != len(names) {
		t.Fatalf("%d full and %d quick streams, want %d", len(full), len(quick), len(names))
	}
	for i, name := range names {
		if full[i].Name() != name || quick[i].Name() != name {
			t.Errorf("stream %d: %q / %q, want %q", i, full[i].Name(), quick[i].Name(), name)
		}
		if quick[i].Frames < 2 || quick[i].Frames*10 > full[i].Frames {
			t.Errorf("%s: %d quick frames of %d: want at least 2 and a tenth or less", name, quick[i].Frames, full[i].Frames)
		}
	}
	if fullSpecs[0].Frames != 2000 {
		t.Error("streamSpecs(true) changed fullSpecs")
	}
}

func TestSpecFiles(t *testing.T) {
	tests := []struct {
		spec       streamSpec
		file, size string
	}{
		{streamSpec{W: 320, H: 240, Format: pixel.FormatJPEG}, "320x240-jpeg.mjpeg", "320x240"},
		{streamSpec{W: 320, H: 240, Format: pixel.FormatI420}, "320x240-yuv.seed", "320x240"},
		{streamSpec{W: 1920, H: 1080, Format: pixel.FormatRGB24}, "1920x1080-rgb.seed", "1920x1080"},
		{streamSpec{W: 1280, H: 720, Format: pixel.FormatH264}, "1280x720-h264.h264", "1280x720"},
	}
	for _, tt := range tests {
		if got := tt.spec.fileName(); got != tt.file {
			t.Errorf("%s: file %q, want %q", tt.spec.Name(), got, tt.file)
		}
		if got := tt.spec.Size(); got != tt.size {
			t.Errorf("%s: size %q, want %q", tt.spec.Name(), got, tt.size)
		}
	}
}

func TestRecordJPEGIsConcatenatedJPEGs(t *testing.T) {
	dir := t.TempDir()
	f, err := record(t.Context(), dir, streamSpec{W: 48, H: 32, Format: pixel.FormatJPEG, Frames: 3, Noise: 30, Quality: 90})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Frames != 3 || int64(len(b)) != f.Bytes {
		t.Fatalf("%d frames, %d bytes in a file of %d", f.Frames, f.Bytes, len(b))
	}
	frames, err := readFrames(f, 5) // cycles: 0 1 2 0 1
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 5 || !bytes.Equal(frames[3], frames[0]) || !bytes.Equal(frames[4], frames[1]) {
		t.Fatalf("readFrames(5) of 3 frames did not cycle")
	}
	if !bytes.Equal(bytes.Join(frames[:3], nil), b) {
		t.Error("the file is not its 3 frames, concatenated")
	}
	for i, fr := range frames[:3] {
		if !bytes.HasPrefix(fr, []byte{0xFF, 0xD8}) || !bytes.HasSuffix(fr, []byte{0xFF, 0xD9}) {
			t.Errorf("frame %d is not one JPEG (SOI..EOI)", i)
		}
	}
	first, err := os.ReadFile(f.FirstPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, frames[0]) {
		t.Error("the first-frame file does not hold the first frame")
	}
	if !bytes.Equal(frames[2], b[len(frames[0])+len(frames[1]):]) {
		t.Error("frame 2 read back differs from the file's")
	}
}

func TestRecordRawIsSeed(t *testing.T) {
	dir := t.TempDir()
	f, err := record(t.Context(), dir, streamSpec{W: 32, H: 32, Format: pixel.FormatI420, Frames: 2})
	if err != nil {
		t.Fatal(err)
	}
	size := pixel.PicameraLayout(pixel.FormatI420, 32, 32).Size()
	b, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2*(4+size)+4 || f.FirstPath != "" {
		t.Fatalf("file of %d bytes (first-frame file %q), want 2 frames of 4+%d and the end marker", len(b), f.FirstPath, size)
	}
	for i, at := range []int{0, 4 + size} {
		if n := binary.LittleEndian.Uint32(b[at:]); n != uint32(size) {
			t.Errorf("frame %d length %d, want %d", i, n, size)
		}
	}
	if n := binary.LittleEndian.Uint32(b[len(b)-4:]); n != 0 {
		t.Errorf("end marker %d, want 0", n)
	}
	frames, err := readFrames(f, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(frames[1], b[4+size+4:4+size+4+size]) {
		t.Error("frame 1 read back differs from the file's")
	}

	if f.Bytes != int64(2*size) {
		t.Errorf("%d payload bytes, want %d", f.Bytes, 2*size)
	}

	// A recording cut off, or holding fewer frames than recorded, is refused.
	bad := f
	bad.Path = filepath.Join(dir, "cut")
	if err := os.WriteFile(bad.Path, b[:len(b)-10], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readFrames(bad, 2); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v, want a frame cut off", err)
	}
	if err := os.WriteFile(bad.Path, append(b[:4+size:4+size], 0, 0, 0, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readFrames(bad, 2); err == nil || !strings.Contains(err.Error(), "it holds 1") {
		t.Errorf("error %v, want one saying the file holds 1 frame", err)
	}
	bad.Path = filepath.Join(dir, "missing")
	if _, err := readFrames(bad, 1); err == nil {
		t.Error("no error for a missing file")
	}
	if _, err := readFrames(streamFile{Path: f.Path}, 1); err == nil {
		t.Error("no error for a stream with no recorded frames")
	}
}

func TestRecordBadSpec(t *testing.T) {
	for _, spec := range []streamSpec{
		{W: 8, H: 8, Format: pixel.FormatJPEG, Frames: 1},
		{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 1, Noise: 999},
		{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 1, Quality: 101},
	} {
		if _, err := record(t.Context(), t.TempDir(), spec); err == nil {
			t.Errorf("%+v recorded", spec)
		}
	}
}

func TestRecordAll(t *testing.T) {
	specs := []streamSpec{
		{W: 32, H: 32, Format: pixel.FormatJPEG, Frames: 2},
		{W: 32, H: 32, Format: pixel.FormatRGB24, Frames: 3},
		{W: 64, H: 32, Format: pixel.FormatJPEG, Frames: 1},
	}
	files, err := recordAll(t.Context(), t.TempDir(), specs, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if f.Spec != specs[i] || f.Frames != specs[i].Frames {
			t.Errorf("file %d: %+v for spec %+v", i, f, specs[i])
		}
	}
	specs[1].W = 1
	if _, err := recordAll(t.Context(), t.TempDir(), specs, 2); err == nil {
		t.Error("no error with a bad spec among them")
	}
}
