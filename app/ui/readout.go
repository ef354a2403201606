package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
)

// readout is the text shown over the video for session s, whose newest shown
// frame is f (nil before the first), at time now.
func readout(s *receive.Session, f *receive.Frame, now time.Time) string {
	snap := s.Meter.Snapshot(now)
	proto, hello := s.Stream()
	var b strings.Builder
	fmt.Fprintf(&b, "%.1f fps received · %.1f shown\n", snap.FPS, snap.ShownFPS)
	fmt.Fprintf(&b, "size %s now · %s avg\n", bytesText(snap.LastSize), bytesText(int(snap.AvgSize+0.5)))
	if f != nil {
		fmt.Fprintf(&b, "%dx%d %s", f.Layout.Width, f.Layout.Height, f.Layout.Format)
	} else {
		b.WriteString("no picture yet")
	}
	if snap.KeyframeInterval > 0 {
		fmt.Fprintf(&b, " · keyframe every %d", snap.KeyframeInterval)
	}
	fmt.Fprintf(&b, " · %s", proto)
	if hello != nil && hello.Name != "" {
		fmt.Fprintf(&b, " · %s", hello.Name)
	}
	fmt.Fprintf(&b, "\nframes %d · dropped %d · errors %d\n", snap.Received, snap.Dropped, snap.Errors)
	b.WriteString(linkText(snap) + "\n")
	fmt.Fprintf(&b, "latency %s (max %s in 1 s)\n", msText(snap.Latency), msText(snap.LatencyMax))
	if r, ok := s.Meter.LastRecord(); ok {
		fmt.Fprintf(&b, "last %s: %d frames, %.1f fps\n", r.Elapsed.Round(time.Second), r.Frames, r.FPS())
	}
	fmt.Fprintf(&b, "from %s", s.Remote)
	if snap.LastError != "" {
		fmt.Fprintf(&b, "\nlast error: %s", snap.LastError)
	}
	return b.String()
}

// linkText is the readout's line on the network and the camera: the
// payload received in the last second, and the frames the camera (the
// sender) dropped because the link could not carry them, apart from the
// viewer's own drops on the line above.
func linkText(snap stats.Snapshot) string {
	return fmt.Sprintf("link %.1f Mbit/s · camera dropped %d", snap.LinkMbps, snap.SenderDropped)
}

// bytesText prints a byte count the way people read it.
func bytesText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}

func msText(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

// oneLine joins the readout's lines for a log.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " | ") }
