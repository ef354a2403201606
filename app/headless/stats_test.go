package headless

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

// readStats decodes the statistics file at path, refusing unknown fields.
func readStats(t *testing.T, path string) Stats {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var st Stats
	if err := dec.Decode(&st); err != nil {
		t.Fatalf("stats file: %v", err)
	}
	return st
}

func TestStatsFileOfALiveRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	res, _, err := run(t, Config{Stats: path}, sendPattern(t, pixel.FormatJPEG, 15, 0))
	if err != nil || res.End != nil {
		t.Fatalf("run: %v, end %v", err, res.End)
	}
	st := readStats(t, path)
	if !reflect.DeepEqual(st, res.Stats()) {
		t.Errorf("file %+v, want the result's %+v", st, res.Stats())
	}
	if st.Frames != 15 || st.Decoded == 0 || st.Errors != 0 || st.Bytes != res.Bytes || st.Protocol != "seed" ||
		st.Decoder != "seed: jpeg ("+jpeg.Backend+") or raw by length" || st.End != "" {
		t.Errorf("stats %+v", st)
	}
	if st.Seconds <= 0 || st.PeakRSSMiB < 1 || st.LatencyP50Ms <= 0 || st.LatencyP99Ms < st.LatencyP50Ms || st.LatencyMaxMs <= 0 {
		t.Errorf("costs %+v", st)
	}
}

func TestStatsFileOfAReplay(t *testing.T) {
	path := record(t, wire.ProtoV2, pixel.FormatI420, 12)
	statsPath := filepath.Join(t.TempDir(), "stats.json")
	var out strings.Builder
	res, err := Replay(context.Background(), path, Config{Stats: statsPath}, &out)
	if err != nil || res.End != nil {
		t.Fatalf("replay: %v, end %v", err, res.End)
	}
	st := readStats(t, statsPath)
	if st.Frames != 12 || st.Decoded != 12 || st.Dropped != 0 || st.Protocol != "v2" || st.Decoder != "yuv" {
		t.Errorf("stats %+v", st)
	}
	if st.FPS <= 0 || st.CPUMsPerFrame < 0 || st.AllocsPerFrame < 0 || st.FPS != res.Cost.FPS() {
		t.Errorf("costs %+v, cost %+v", st, res.Cost)
	}
	// A stats file that could not be written is refused before the replay.
	res, err = Replay(context.Background(), path, Config{Stats: filepath.Join(t.TempDir(), "no", "such", "dir", "s.json")}, &out)
	if err == nil || !strings.Contains(err.Error(), "cannot write the stats") || res.Received != 0 {
		t.Errorf("unwritable stats: %v, %+v", err, res)
	}
}
