package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadStats(t *testing.T) {
	path, remove, err := newStatsPath()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if _, err := readStats(path); err == nil {
		t.Error("no error for a -stats file never written")
	}
	if err := os.WriteFile(path, []byte(`{"frames": 3, "decoded": 2, "fps": 12.5, "peak_rss_mib": 21.5, "latency_p99_ms": 0.75}`), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := readStats(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Frames != 3 || st.Decoded != 2 || st.FPS != 12.5 || st.PeakRSSMiB != 21.5 || st.LatencyP99Ms != 0.75 {
		t.Errorf("got %+v", st)
	}
	if err := os.WriteFile(path, []byte(`{"frames": "three"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readStats(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want one naming the file that does not decode", err)
	}
	remove()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the -stats directory is still there: %v", err)
	}
}
