package h264

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// x264Cases are the libx264 streams the splitter and SPS parser are checked
// on against ffprobe, and the decoder against the source pictures.
var x264Cases = []struct {
	name string
	x    wiretest.X264
}{
	{"default 320x240", wiretest.X264{}},
	{"1920x1080 cropped from 1088", wiretest.X264{Width: 1920, Height: 1080, Frames: 12}},
	{"1280x720", wiretest.X264{Width: 1280, Height: 720, Frames: 15}},
	{"slices=4", wiretest.X264{Slices: 4}},
	{"1920x1080 slices=4", wiretest.X264{Width: 1920, Height: 1080, Frames: 5, Slices: 4}},
	{"baseline", wiretest.X264{Profile: "baseline"}},
	{"main", wiretest.X264{Profile: "main"}},
	{"high", wiretest.X264{Profile: "high"}},
	{"AUD", wiretest.X264{AUD: true}},
	{"AUD slices=4", wiretest.X264{AUD: true, Slices: 4}},
	{"B-frames", wiretest.X264{BFrames: true, Frames: 40}},
	{"B-frames AUD", wiretest.X264{BFrames: true, AUD: true}},
	{"GOP 10", wiretest.X264{GOP: 10, Frames: 35}},
	{"odd size 322x182", wiretest.X264{Width: 322, Height: 182}},
}

// probePacket is one packet as ffprobe's h264 demuxer (and parser) cuts it.
type probePacket struct {
	size int
	key  bool
}

// probe writes stream to a temporary file and returns ffprobe's packets and
// its stream's width, height and profile.
func probe(t *testing.T, stream []byte) (pkts []probePacket, w, h int, profile string) {
	t.Helper()
	path, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Fatalf("ffprobe is needed (Debian: apt-get install ffmpeg): %v", err)
	}
	file := filepath.Join(t.TempDir(), "stream.h264")
	if err := os.WriteFile(file, stream, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(entries string) [][]string {
		out, err := exec.Command(path, "-v", "error", "-f", "h264", "-show_entries", entries, "-of", "csv=p=0", file).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", entries, err)
		}
		r := csv.NewReader(bytes.NewReader(out))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("ffprobe %s output %q: %v", entries, out, err)
		}
		return recs
	}
	for _, rec := range run("packet=size,flags") {
		n, err := strconv.Atoi(rec[0])
		if err != nil || len(rec) < 2 {
			t.Fatalf("ffprobe packet %q", rec)
		}
		pkts = append(pkts, probePacket{n, strings.Contains(rec[1], "K")})
	}
	st := run("stream=width,height")
	pr := run("stream=profile")
	if len(st) != 1 || len(st[0]) < 2 || len(pr) != 1 || len(pr[0]) != 1 {
		t.Fatalf("ffprobe streams %q", st)
	}
	w, _ = strconv.Atoi(st[0][0])
	h, _ = strconv.Atoi(st[0][1])
	return pkts, w, h, pr[0][0]
}

// bitWriter writes the bits of an RBSP, an independent encoder for the
// tests: Bytes adds the emulation-prevention bytes.
type bitWriter struct {
	b    []byte
	nbit int
}

func (w *bitWriter) u(n int, v uint64) {
	for i := n - 1; i >= 0; i-- {
		if w.nbit%8 == 0 {
			w.b = append(w.b, 0)
		}
		w.b[len(w.b)-1] |= byte(v>>i&1) << (7 - w.nbit%8)
		w.nbit++
	}
}

func (w *bitWriter) flag(f bool) {
	v := uint64(0)
	if f {
		v = 1
	}
	w.u(1, v)
}

// ue writes v as ue(v); v may be up to 2^33-2, past what a decoder accepts.
func (w *bitWriter) ue(v uint64) {
	n := 0
	for (v+1)>>n > 1 {
		n++
	}
	w.u(n, 0)
	w.u(n+1, v+1)
}

func (w *bitWriter) se(v int64) {
	if v > 0 {
		w.ue(uint64(2*v - 1))
	} else {
		w.ue(uint64(-2 * v))
	}
}

// trailing writes rbsp_trailing_bits.
func (w *bitWriter) trailing() {
	w.u(1, 1)
	for w.nbit%8 != 0 {
		w.u(1, 0)
	}
}

// nal returns header byte hdr and the RBSP with emulation prevention.
func (w *bitWriter) nal(hdr byte) []byte {
	out := []byte{hdr}
	zeros := 0
	for _, c := range w.b {
		if zeros >= 2 && c <= 3 {
			out = append(out, 3)
			zeros = 0
		}
		out = append(out, c)
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
	}
	return out
}

// annexB joins NAL units, each after a 4-byte start code.
func annexB(nals ...[]byte) []byte {
	var b []byte
	for _, n := range nals {
		b = append(append(b, 0, 0, 0, 1), n...)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
