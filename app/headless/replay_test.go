package headless

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture"
)

// record writes n test-pattern frames to a file in proto.
func record(t *testing.T, proto wire.Protocol, f pixel.Format, n int) string {
	t.Helper()
	src, err := capture.NewTestSource(160, 120, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "stream."+proto.String())
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := capture.Stream(context.Background(), src, capture.Once(file), capture.StreamConfig{Proto: proto, Frames: n}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReplayDecodesEveryFrame(t *testing.T) {
	for _, tc := range []struct {
		proto  wire.Protocol
		format pixel.Format
	}{{wire.ProtoSeed, pixel.FormatJPEG}, {wire.ProtoV2, pixel.FormatI420}, {wire.ProtoV2, pixel.FormatJPEG}, {wire.ProtoMJPEG, pixel.FormatJPEG}} {
		t.Run(tc.proto.String()+"-"+tc.format.String(), func(t *testing.T) {
			const n = 25
			path := record(t, tc.proto, tc.format, n)
			var out strings.Builder
			snap := filepath.Join(t.TempDir(), "last.png")
			res, err := Replay(context.Background(), path, Config{Snapshot: snap}, &out)
			cost := res.Cost
			if err != nil || res.End != nil {
				t.Fatalf("replay: %v, end %v", err, res.End)
			}
			if res.Received != n || res.Decoded != n || res.Dropped != 0 || res.Errors != 0 {
				t.Fatalf("result %+v: want all %d frames decoded, none dropped", res, n)
			}
			if strings.TrimSpace(out.String()) != res.TotalLine() {
				t.Fatalf("output %q", out.String())
			}
			if cost.Frames != n || cost.Wall <= 0 || !strings.HasPrefix(cost.Line(), "replay: frames=25 ") {
				t.Fatalf("cost %+v line %q", cost, cost.Line())
			}
			if fi, err := os.Stat(snap); err != nil || fi.Size() == 0 {
				t.Fatalf("snapshot: %v", err)
			}
		})
	}
}

func TestReplayOfABrokenFileReportsIt(t *testing.T) {
	path := record(t, wire.ProtoSeed, pixel.FormatJPEG, 3)
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-100], 0o644) // cut inside the last frame
	res, err := Replay(context.Background(), path, Config{Receive: receiveOnLoopback()}, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	if res.End == nil || res.Decoded != 2 {
		t.Fatalf("end %v decoded %d: want the cut reported after 2 frames", res.End, res.Decoded)
	}
	if _, err := Replay(context.Background(), filepath.Join(t.TempDir(), "none"), Config{}, &strings.Builder{}); err == nil {
		t.Fatal("replay of a missing file gave no error")
	}
}

func TestProcessPeakRSS(t *testing.T) {
	// A Go test binary holds a few MiB; far less than a GiB.
	if rss := processPeakRSS(); rss < 1<<20 || rss > 1<<30 {
		t.Fatalf("peak RSS %d bytes", rss)
	}
}

// TestReplayStopsAfterRecords: a replay asked for N records stops with the
// frame that closes the N-th window, counted but not decoded, as a live run
// stops, and keeps the frame decoded before it for the snapshot.
func TestReplayStopsAfterRecords(t *testing.T) {
	path := record(t, wire.ProtoV2, pixel.FormatJPEG, 40)
	snap := filepath.Join(t.TempDir(), "last.png")
	var out strings.Builder
	// Every frame of an unpaced recording arrives within a millisecond or so
	// of the one before: a 1 ns window closes a record with each frame.
	res, err := Replay(context.Background(), path, Config{Receive: receive.Config{Window: time.Nanosecond}, Records: 3, Snapshot: snap}, &out)
	if err != nil || res.End != nil {
		t.Fatalf("replay: %v, end %v", err, res.End)
	}
	if len(res.Records) != 3 || res.Received != res.Decoded+1 || res.Dropped != 0 || res.Errors != 0 {
		t.Fatalf("result %+v: want 3 records, the last frame counted and not decoded", res)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 4 || lines[3] != res.TotalLine() {
		t.Fatalf("output %q: want 3 record lines and the total", out.String())
	}
	if fi, err := os.Stat(snap); err != nil || fi.Size() == 0 {
		t.Fatalf("snapshot: %v", err)
	}
}

// An output naming the recording being replayed, by any path, is refused
// before the replay: it would replace the recording.
func TestReplayRefusesToWriteOverItsRecording(t *testing.T) {
	path := record(t, wire.ProtoSeed, pixel.FormatJPEG, 5)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(path), ".", filepath.Base(path))
	for _, cfg := range []Config{{Summary: path}, {Stats: other}} {
		var out strings.Builder
		_, err := Replay(context.Background(), path, cfg, &out)
		if err == nil || !strings.Contains(err.Error(), "it is the recording being replayed") {
			t.Errorf("%+v: %v, want a refusal", cfg, err)
		}
		if out.Len() != 0 {
			t.Errorf("%+v: printed %q before refusing", cfg, out.String())
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Fatalf("the recording changed: %v", err)
	}
}
