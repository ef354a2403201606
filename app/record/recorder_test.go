package record

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

func saver(t *testing.T) (save.Saver, string) {
	dir := t.TempDir()
	return save.Saver{Dir: dir}, dir
}

// read reads a recording back with the wire package's reader.
func read(t *testing.T, path string) (*wire.Hello, []wire.Frame) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := wire.NewReader(bufio.NewReader(f), 1<<20)
	var frames []wire.Frame
	for {
		fr, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the recording back: %v", err)
		}
		fr.Payload = bytes.Clone(fr.Payload)
		frames = append(frames, fr)
	}
	if r.Protocol() != wire.ProtoV2 {
		t.Fatalf("recording is %v, want v2", r.Protocol())
	}
	return r.Hello(), frames
}

func TestRecordJPEGStream(t *testing.T) {
	sv, dir := saver(t)
	hello := wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 64, Height: 48}, Name: "pi-kitchen"}
	r, err := Start(sv, hello, false)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1700000000, 0)
	buf := []byte("frame-0")
	for i := range 3 {
		buf[6] = byte('0' + i)
		// No capture times (a seed stream): arrival times keep the pace.
		r.Add(wire.Frame{Payload: buf, Seq: uint64(i)}, true, t0.Add(time.Duration(i)*40*time.Millisecond))
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 && !strings.HasPrefix(files[0].Name(), ".") {
		t.Errorf("a file under its final name before Stop: %v", files)
	}
	path, prog, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, Ext) {
		t.Errorf("recorded to %s", path)
	}
	if prog.Frames != 3 || prog.Bytes != 21 || prog.Duration != 80*time.Millisecond || prog.Dropped != 0 {
		t.Errorf("progress %+v", prog)
	}
	h, frames := read(t, path)
	if h.Name != "pi-kitchen" || h.Layout != hello.Layout {
		t.Errorf("hello %+v", h)
	}
	if len(frames) != 3 {
		t.Fatalf("%d frames read back", len(frames))
	}
	for i, f := range frames {
		if string(f.Payload) != "frame-"+string(rune('0'+i)) || f.Seq != uint64(i) ||
			f.CaptureTime != t0.Add(time.Duration(i)*40*time.Millisecond).UnixNano() {
			t.Errorf("frame %d: %q seq %d time %d", i, f.Payload, f.Seq, f.CaptureTime)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Errorf("folder holds %v, want the recording alone (no temporary file)", files)
	}
}

// TestRecordOrderedStartsAtKeyframe: an H.264 recording begins at a
// keyframe, keeps the frames' own capture times and flags its keyframes;
// after the queue overflows it resumes at the next keyframe.
func TestRecordOrderedStartsAtKeyframe(t *testing.T) {
	sv, _ := saver(t)
	r, err := Start(sv, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatH264, Width: 64, Height: 48}}, true)
	if err != nil {
		t.Fatal(err)
	}
	r.limit = 10
	now := time.Now()
	add := func(seq uint64, key bool, n int) {
		r.Add(wire.Frame{Payload: bytes.Repeat([]byte{byte(seq)}, n), Seq: seq, CaptureTime: int64(seq) * 1e6}, key, now)
	}
	add(1, false, 1) // before the first keyframe: dropped
	add(2, true, 1)
	add(3, false, 1)
	r.mu.Lock()
	r.queued = r.limit // the disk falls behind
	r.mu.Unlock()
	add(4, false, 1) // over the bound: dropped, and so is what depends on it
	r.mu.Lock()
	r.queued = 0
	r.mu.Unlock()
	add(5, false, 1)
	add(6, true, 1)
	path, prog, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	_, frames := read(t, path)
	var seqs []uint64
	for _, f := range frames {
		seqs = append(seqs, f.Seq)
		if f.CaptureTime != int64(f.Seq)*1e6 || f.Keyframe != (f.Seq == 2 || f.Seq == 6) {
			t.Errorf("frame %d: time %d keyframe %v", f.Seq, f.CaptureTime, f.Keyframe)
		}
	}
	if len(seqs) != 3 || seqs[0] != 2 || seqs[1] != 3 || seqs[2] != 6 {
		t.Errorf("recorded frames %v, want [2 3 6]", seqs)
	}
	if prog.Dropped != 3 {
		t.Errorf("dropped %d, want 3", prog.Dropped)
	}
}

func TestRecordNothingLeavesNoFile(t *testing.T) {
	sv, dir := saver(t)
	r, err := Start(sv, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Stop(); err == nil || !strings.Contains(err.Error(), "no frame was recorded") {
		t.Errorf("Stop with nothing recorded: %v", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("folder holds %v after an empty recording", files)
	}
	if _, err := Start(sv, wire.Hello{}, false); err == nil {
		t.Error("Start with an unknown format succeeded")
	}
}
