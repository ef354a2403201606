package headless

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// sendV2 sends JPEG frames numbered by seqs over v2, each stamped with the
// time it is sent (the test shares the viewer's clock).
func sendV2(t *testing.T, seqs []uint64) func(net.Conn) {
	return func(conn net.Conn) {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 320, 240)), nil); err != nil {
			t.Error(err)
			return
		}
		jpg := buf.Bytes()
		w, err := wire.NewWriter(conn, wire.ProtoV2, wire.Hello{Layout: pixel.Layout{Format: pixel.FormatJPEG, Width: 320, Height: 240}})
		if err != nil {
			t.Error(err)
			return
		}
		for _, seq := range seqs {
			if err := w.WriteFrame(jpg, seq, time.Now().UnixNano()); err != nil {
				t.Error(err)
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestStatsOfALiveV2Stream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	var log logLines
	// 20 ms windows; 3 frames the sender dropped (5, 6, 7).
	seqs := []uint64{0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22}
	cfg := Config{Stats: path, Receive: receive.Config{Addr: "127.0.0.1:0", Window: 20 * time.Millisecond}, Log: log.log}
	res, _, err := run(t, cfg, sendV2(t, seqs))
	if err != nil || res.End != nil {
		t.Fatalf("run: %v, end %v", err, res.End)
	}
	st := readStats(t, path)
	if st.Frames != int64(len(seqs)) || st.SenderDropped != 3 || st.SenderRestarts != 0 || st.Protocol != "v2" {
		t.Errorf("stats %+v: want %d frames, 3 dropped by the sender", st, len(seqs))
	}
	if st.ArrivalP50Ms == nil || st.ArrivalP99Ms == nil || st.ArrivalMaxMs == nil ||
		*st.ArrivalP50Ms <= 0 || *st.ArrivalP99Ms < *st.ArrivalP50Ms || *st.ArrivalMaxMs < *st.ArrivalP99Ms*0.95 {
		t.Errorf("capture to arrival: %v %v %v", st.ArrivalP50Ms, st.ArrivalP99Ms, st.ArrivalMaxMs)
	}
	if st.Mbps <= 0 || len(st.Windows) == 0 || len(st.Windows) != st.Records {
		t.Errorf("Mbps %v, %d windows for %d records", st.Mbps, len(st.Windows), st.Records)
	}
	var senderDropped int64
	for _, w := range st.Windows {
		senderDropped += w.SenderDropped
		if w.Frames == 0 || w.FPS <= 0 || w.Mbps <= 0 || w.ArrivalP50Ms == nil || w.MeanFrameBytes <= 0 {
			t.Errorf("window %+v", w)
		}
	}
	if senderDropped > 3 {
		t.Errorf("windows count %d sender drops, the stream %d", senderDropped, st.SenderDropped)
	}
	if !strings.Contains(log.String(), "link: ") || !strings.Contains(log.String(), "sender dropped 3") {
		t.Errorf("log %q has no link line", log.String())
	}
}

func TestStatsLeaveOutUnknownArrival(t *testing.T) {
	r := Result{Live: true, Received: 2, Records: []stats.Record{{Frames: 2, Elapsed: time.Second, AvgSize: 125_000, Dropped: 1}}}
	b, err := json.Marshal(r.Stats())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "arrival") {
		t.Errorf("no frame had a capture time, yet %s", b)
	}
	w := r.Stats().Windows
	if len(w) != 1 || w[0].FPS != 2 || w[0].Mbps != 2 || w[0].Dropped != 1 || w[0].Seconds != 1 {
		t.Errorf("windows %+v", w)
	}
	// A replay's capture times are the recording's: no latency from them.
	r = Result{Live: false, ArrivalFrames: 2, ArrivalP50: time.Hour}
	if st := r.Stats(); st.ArrivalP50Ms != nil {
		t.Errorf("replay has an arrival latency %v", *st.ArrivalP50Ms)
	}
	r.Live = true
	if st := r.Stats(); st.ArrivalP50Ms == nil || *st.ArrivalP50Ms != 3_600_000 {
		t.Errorf("live arrival latency %v", st.ArrivalP50Ms)
	}
}

// From picam's sender in v2 (the test pattern, 60 frames at 60 fps), a
// live run measures the latency by stage through the sender's clock, which
// here is the viewer's: an offset within its round trip of zero.
func TestStagesOfALivePicamStream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	var log logLines
	cfg := Config{Stats: path, Receive: receive.Config{Addr: "127.0.0.1:0", Window: 200 * time.Millisecond}, Log: log.log}
	if _, _, err := run(t, cfg, sendPatternIn(t, wire.ProtoV2, pixel.FormatJPEG, 60, 60)); err != nil {
		t.Fatal(err)
	}
	st := readStats(t, path)
	for _, name := range []string{"capture", "network", "decode", "total"} {
		s, ok := st.Stages[name]
		if !ok || s.Frames < 30 || s.P50Ms <= 0 || s.P99Ms < s.P50Ms || s.P50Ms > 500 {
			t.Errorf("stage %s: %+v (in %v)", name, s, st.Stages)
		}
	}
	if _, ok := st.Stages["display"]; ok {
		t.Errorf("a headless run has a display stage: %v", st.Stages)
	}
	if c := st.Clock; c == nil || c.Samples == 0 || c.OffsetMs > c.RTTMs/2+0.01 || c.OffsetMs < -c.RTTMs/2-0.01 {
		t.Errorf("clock %+v: want an offset within half the round trip of 0", c)
	}
	if !st.ArrivalSynced {
		t.Error("capture to arrival did not go through the clock offset")
	}
	total, sum := st.Stages["total"].P50Ms, st.Stages["capture"].P50Ms+st.Stages["network"].P50Ms+st.Stages["decode"].P50Ms
	if total < sum*0.5 || total > sum*2 {
		t.Errorf("total p50 %.2f ms against the stages' p50s adding to %.2f ms", total, sum)
	}
	if len(st.Windows) == 0 || st.Windows[0].Stages["total"].Frames == 0 {
		t.Errorf("windows without stages: %+v", st.Windows)
	}
	if !strings.Contains(log.String(), "stages: capture p50=") || !strings.Contains(log.String(), "sender clock ") {
		t.Errorf("log %q has no stages line", log.String())
	}
}
