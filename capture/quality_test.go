package capture

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

func TestQualityLoopSteps(t *testing.T) {
	type tick struct {
		sent, dropped int64
		rate          float64
		connected     bool
		want          int
	}
	for _, tc := range []struct {
		name  string
		start int
		ticks []tick
	}{
		{"drops lower it by 10 down to the floor", 85, []tick{
			{10, 20, 1e6, true, 75}, {10, 20, 1e6, true, 65}, {10, 20, 1e6, true, 55},
			{10, 20, 1e6, true, 45}, {10, 20, 1e6, true, 40}, {10, 20, 1e6, true, 40}}},
		{"a tenth dropped or less keeps it", 85, []tick{{27, 3, 1e6, true, 85}, {30, 0, 1e6, true, 85}}},
		{"disconnected intervals teach nothing", 85, []tick{{0, 30, 0, false, 85}, {1, 1, 0, true, 85}}},
		{"raised after three clean intervals with room", 85, []tick{
			{10, 20, 1e6, true, 75}, // the link carried 1 MB/s when it dropped
			{30, 0, 0.5e6, true, 75}, {30, 0, 0.5e6, true, 75}, {30, 0, 0.5e6, true, 80},
			{30, 0, 0.5e6, true, 80}, {30, 0, 0.5e6, true, 80}, {30, 0, 0.5e6, true, 85},
			{30, 0, 0.5e6, true, 85}, {30, 0, 0.5e6, true, 85}, {30, 0, 0.5e6, true, 85}}},
		{"not raised while the link is near what it carried when it dropped", 85, []tick{
			{10, 20, 1e6, true, 75},
			{30, 0, 0.9e6, true, 75}, {30, 0, 0.9e6, true, 75}, {30, 0, 0.9e6, true, 75}, {30, 0, 0.9e6, true, 75}}},
		{"a drop restarts the clean count", 85, []tick{
			{10, 20, 1e6, true, 75},
			{30, 0, 0.5e6, true, 75}, {30, 0, 0.5e6, true, 75}, {29, 1, 0.5e6, true, 75},
			{30, 0, 0.5e6, true, 75}, {30, 0, 0.5e6, true, 75}, {30, 0, 0.5e6, true, 80}}},
	} {
		l := qualityLoop{min: DefaultMinQuality, max: tc.start}
		q := tc.start
		for i, k := range tc.ticks {
			next, why := l.step(q, k.sent, k.dropped, k.rate, k.connected)
			if next != k.want {
				t.Errorf("%s: tick %d: quality %d, want %d", tc.name, i, next, k.want)
			}
			if (next != q) != (why != "") {
				t.Errorf("%s: tick %d: %d -> %d with reason %q", tc.name, i, q, next, why)
			}
			q = next
		}
	}
}

// TestQualityFollowsASlowLink: a viewer that takes 8 frames a second of a
// 30 fps test pattern makes the sender lower the JPEG quality to its floor,
// and says so (TestEncoderJPEGQuality shows lower qualities make smaller
// frames).
func TestQualityFollowsASlowLink(t *testing.T) {
	ln := smallReceiveBuffer(t)
	src, err := NewTestSource(320, 240, pixel.FormatJPEG, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	src.SetNoise(8)
	ctx, cancel := context.WithTimeout(context.Background(), streamSafety)
	defer cancel()
	logs, logf := logChan()
	statuses := make(chan StreamStatus, 100)
	cfg := StreamConfig{Proto: wire.ProtoV2, Quality: src, MinQuality: 50, Log: logf,
		Status: func(st StreamStatus) {
			select {
			case statuses <- st:
			default:
			}
		}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		newStreamer(src, TCPDialer(ln.Addr().String(), time.Second), cfg, 100*time.Millisecond).run(ctx)
	}()
	r := wire.NewReader(acceptConn(t, ln), wire.DefaultMaxFrame)
	for i := 0; ; i++ {
		if _, err := r.Next(nil); err != nil {
			t.Fatal(err)
		}
		if src.Quality() == 50 && i > 5 {
			break
		}
		time.Sleep(125 * time.Millisecond)
	}
	msg := waitLog(t, logs, "lowering the JPEG quality")
	if !strings.Contains(msg, "of the camera's") {
		t.Errorf("log %q does not say why", msg)
	}
	waitLog(t, logs, "to 50")
	cancel()
	<-done
	var st StreamStatus
	for st = range statuses {
		if st.Quality == 50 {
			break
		}
	}
	if st.Quality != 50 || st.MaxQuality != DefaultQuality {
		t.Errorf("status quality %d of %d, want 50 of %d", st.Quality, st.MaxQuality, DefaultQuality)
	}
}
