//go:build benchtool

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickRun builds vidstream (or takes VIDBENCH_VIDSTREAM, a built one)
// and runs the whole benchmark with -quick against it and the ffmpeg on the
// PATH, if any:
//
//	go test -tags benchtool -run TestQuickRun ./app/cmd/vidbench
func TestQuickRun(t *testing.T) {
	bin := os.Getenv("VIDBENCH_VIDSTREAM")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "vidstream")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join("..", "..", "..") // the module root
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building vidstream: %v\n%s", err, out)
		}
	}
	ffmpeg := "ffmpeg"
	if _, err := exec.LookPath(ffmpeg); err != nil {
		t.Logf("no ffmpeg on the PATH: %v", err)
		ffmpeg = ""
	}
	cfg, err := parseFlags([]string{"-vidstream", bin, "-quick", "-ffmpeg", ffmpeg}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run(t.Context(), cfg, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	specs := streamSpecs(true)
	if len(rep.Rows) != len(specs) {
		t.Fatalf("%d rows for %d streams", len(rep.Rows), len(specs))
	}
	for i, r := range rep.Rows {
		s := specs[i]
		if r.Stream != s.Name() || r.Frames != s.Frames || r.FrameKB <= 0 {
			t.Errorf("row %d: %+v for %+v", i, r, s)
		}
		if !(r.Ours.FPS > 0 && r.Ours.CPUms > 0 && r.Ours.RSSMiB > 1 && r.Ours.Allocs >= 0) {
			t.Errorf("%s: vidstream figures %+v", r.Stream, r.Ours)
		}
		if r.Live.Sent != int64(cfg.LiveFPS*cfg.Live.Seconds()) || !(r.Live.P99 >= r.Live.P50 && r.Live.P50 > 0) {
			t.Errorf("%s: live %+v", r.Stream, r.Live)
		}
		wantFF := ffmpeg != "" && s.compressed()
		if (r.FF1 != nil) != wantFF || (r.FFN != nil) != wantFF || (r.FF1RGBA != nil) != wantFF {
			t.Errorf("%s: ffmpeg figures %v %v %v, want them: %v", r.Stream, r.FF1, r.FFN, r.FF1RGBA, wantFF)
		}
		if wantFF && !(r.FF1.WholeCPUms > 0 && r.FF1.StartupMs > 0) {
			t.Errorf("%s: ffmpeg 1 thread %+v", r.Stream, *r.FF1)
		}
		if wantFF && !(r.FF1RGBA.WholeCPUms > r.FF1.WholeCPUms/2) {
			t.Errorf("%s: ffmpeg 1 thread to RGBA %+v, without %+v", r.Stream, *r.FF1RGBA, *r.FF1)
		}
	}
	doc := renderDoc(rep)
	if !strings.Contains(doc, "-quick smoke run") || !strings.Contains(doc, "| 1920x1080 jpeg | 4 |") {
		t.Errorf("report:\n%s", doc)
	}
}
