package stats

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestMeasurementsKeepEveryConnection(t *testing.T) {
	m := NewMeasurements()
	a, b := m.Connection(), m.Connection()
	if a != 1 || b != 2 {
		t.Fatalf("connections %d %d, want 1 2", a, b)
	}
	m.Add(Entry{Record: Record{Frames: 10}, Conn: a})
	m.Add(Entry{Record: Record{Frames: 20}, Conn: a, Partial: true})
	select {
	case <-m.Changed():
	default:
		t.Error("no change signalled")
	}
	m.Add(Entry{Record: Record{Frames: 30}, Conn: b})
	got, total := m.Entries()
	if total != 3 || len(got) != 3 || got[0].Frames != 10 || got[2].Conn != 2 || !got[1].Partial {
		t.Fatalf("entries %+v (total %d)", got, total)
	}
	if m.Unsaved() != 3 {
		t.Errorf("unsaved %d, want 3", m.Unsaved())
	}
	m.MarkSaved(total)
	m.Add(Entry{Record: Record{Frames: 40}, Conn: b})
	if m.Unsaved() != 1 {
		t.Errorf("after a save and a record: unsaved %d, want 1", m.Unsaved())
	}
	m.Reset()
	if got, total := m.Entries(); len(got) != 0 || total != 0 || m.Unsaved() != 0 || m.Connection() != 1 {
		t.Errorf("after Reset: %v %d unsaved %d", got, total, m.Unsaved())
	}
}

func TestMeterFlushKeepsTheLastShortWindow(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	m := NewMeter(10*time.Second, t0)
	if _, ok := m.Flush(t0); ok {
		t.Error("an empty window flushed")
	}
	m.Received(100, t0.Add(time.Second))
	m.Received(300, t0.Add(2*time.Second))
	r, ok := m.Flush(t0.Add(4 * time.Second))
	if !ok || r.Frames != 2 || r.Elapsed != 4*time.Second || r.AvgSize != 200 {
		t.Errorf("flushed %+v %v, want 2 frames over 4 s", r, ok)
	}
	if recs := m.Records(); len(recs) != 1 {
		t.Errorf("records %+v, want the flushed one kept", recs)
	}
	if _, ok := m.Flush(t0.Add(5 * time.Second)); ok {
		t.Error("flushed twice")
	}
}

func TestWriteDetails(t *testing.T) {
	closed := time.Date(2026, 12, 1, 22, 0, 10, 500_000_000, time.UTC)
	var st Stages
	st[StageTotal] = StageLatency{Frames: 300, P50: 34200 * time.Microsecond, P99: 55800 * time.Microsecond}
	st[StageCapture] = StageLatency{Frames: 300, P50: 9200 * time.Microsecond}
	st[StageDecode] = StageLatency{Frames: 300, P50: 1 * time.Millisecond}
	entries := []Entry{
		{Record: Record{Frames: 300, Elapsed: 10 * time.Second, AvgSize: 20150.5, Dropped: 2, SenderDropped: 1, Stages: st},
			Conn: 1, Sender: `pi, "garden" (192.168.1.23:51234)`, Closed: closed, Resolution: "640x480", Format: "jpeg", Protocol: "v2"},
		{Record: Record{Frames: 40, Elapsed: 2 * time.Second, AvgSize: 115200}, Conn: 2, Sender: "127.0.0.1:40000",
			Closed: closed.Add(time.Minute), Resolution: "320x240", Format: "yuv", Protocol: "seed", Partial: true},
	}
	var b bytes.Buffer
	if err := WriteDetails(&b, entries); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"window,connection,sender,closed,elapsed_s,frames,fps,avg_img_size,mbps,dropped,camera_dropped,camera_to_screen_p50_ms,camera_to_screen_p99_ms,capture_p50_ms,network_p50_ms,decode_p50_ms,display_p50_ms,resolution,format,protocol,partial",
		`0,1,"pi, ""garden"" (192.168.1.23:51234)",2026-12-01T22:00:10.5Z,10.0,300,30.00,20150.5,4.836,2,1,34.200,55.800,9.200,,1.000,,640x480,jpeg,v2,false`,
		`1,2,127.0.0.1:40000,2026-12-01T22:01:10.5Z,2.0,40,20.00,115200.0,18.432,0,0,,,,,,,320x240,yuv,seed,true`,
		"",
	}, "\n")
	if got := b.String(); got != want {
		t.Errorf("details:\n%s\nwant\n%s", got, want)
	}
	var sum bytes.Buffer
	if err := WriteSummary(&sum, Records(entries)); err != nil {
		t.Fatal(err)
	}
	if got := sum.String(); got != "nbr_images, elapsed(sec), avg_img_size\n300, 10.0, 20150.5\n40, 2.0, 115200.0\n" {
		t.Errorf("summary %q", got)
	}
}
