package ui

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// readout is the text shown over the video for session s, whose newest shown
// frame is f (nil before the first), with its meter's snapshot snap.
func readout(s *receive.Session, f *receive.Frame, snap stats.Snapshot) string {
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
	if p := privacyText(s); p != "" {
		fmt.Fprintf(&b, " · %s", p)
	}
	if hello != nil && hello.Name != "" {
		fmt.Fprintf(&b, " · %s", hello.Name)
	}
	fmt.Fprintf(&b, "\nframes %d · dropped %d · errors %d\n", snap.Received, snap.Dropped, snap.Errors)
	b.WriteString(linkText(snap) + "\n")
	b.WriteString(stagesText(snap, proto, hello) + "\n")
	if r, ok := s.Meter.LastRecord(); ok {
		fmt.Fprintf(&b, "last %s: %d frames, %.1f fps\n", r.Elapsed.Round(time.Second), r.Frames, r.FPS())
	}
	fmt.Fprintf(&b, "from %s", s.Remote)
	if s.Paced() {
		b.WriteString(" · a recording")
		if s.Paused() {
			b.WriteString(", paused (Space plays on)")
		}
	}
	return b.String()
}

// unencrypted marks a stream that crossed the network in the clear.
const unencrypted = "unencrypted"

// privacyText says whether s's stream is private: "encrypted" from a
// paired camera, unencrypted from another host (the post's client.py,
// picam -plain, an http:// or tcp:// camera URL), "" for a recording, a
// sender on this machine (the demo camera), whose bytes never crossed a
// network, or an https:// URL (encrypted, but no camera paired with).
func privacyText(s *receive.Session) string {
	switch {
	case s.Peer() != nil:
		return "encrypted"
	case !s.Live() || onThisMachine(s.Remote) || strings.HasPrefix(s.Remote, "https://"):
		return ""
	}
	return unencrypted
}

// onThisMachine reports whether remote, a session's address or URL, is on
// this machine (loopback).
func onThisMachine(remote string) bool {
	host := remote
	if u, err := url.Parse(remote); err == nil && u.Host != "" {
		host = u.Host
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// compactReadout is the readout of a tile that shares the window with
// others: rates, picture, who, and camera to screen. The whole readout is
// a key (I) or a Z away.
func compactReadout(s *receive.Session, f *receive.Frame, snap stats.Snapshot) string {
	proto, hello := s.Stream()
	var b strings.Builder
	fmt.Fprintf(&b, "%.1f fps · %.1f shown", snap.FPS, snap.ShownFPS)
	if f != nil {
		fmt.Fprintf(&b, " · %dx%d %s", f.Layout.Width, f.Layout.Height, f.Layout.Format)
	}
	if p := privacyText(s); p == unencrypted {
		fmt.Fprintf(&b, " · %s", p)
	}
	name := s.Remote
	if hello != nil && hello.Name != "" {
		name = hello.Name
	}
	fmt.Fprintf(&b, "\n%s · dropped %d · errors %d\n", name, snap.Dropped, snap.Errors)
	first, _, _ := strings.Cut(stagesText(snap, proto, hello), "\n")
	first, _, _ = strings.Cut(first, " · clock")
	b.WriteString(first)
	return b.String()
}

// errorText is the last error as the tile shows it, below the readout:
// wrapped to the tile's width (a long line once widened the window for
// good, issue 12), cut to maxErrorRunes (the log has it whole), and with
// where to make the fix it names.
func errorText(e string) string {
	if e == "" {
		return ""
	}
	t := "Last error: " + ellipsize(e, maxErrorRunes)
	if strings.Contains(e, "set the raw frame size to") {
		t += " (in Settings: Raw frame size)"
	}
	return t
}

// linkText is the readout's line on the network and the camera: the
// payload received in the last second, and the frames the camera (the
// sender) dropped because the link could not carry them, apart from the
// viewer's own drops on the line above.
func linkText(snap stats.Snapshot) string {
	return fmt.Sprintf("link %.1f Mbit/s · camera dropped %d", snap.LinkMbps, snap.SenderDropped)
}

// stagesText is the readout's latency lines: camera to screen (p50 and
// p99 over the session) and the stages it is made of (p50s). It says why
// when the total cannot be known, rather than inventing one: streams
// without capture times (the seed protocol, MJPEG and raw H.264), and a
// sender that does not answer clock probes.
func stagesText(snap stats.Snapshot, proto wire.Protocol, hello *wire.Hello) string {
	st := snap.Stages
	var b strings.Builder
	total := st[stats.StageTotal]
	switch {
	case total.Frames > 0:
		fmt.Fprintf(&b, "camera to screen %s (p99 %s) · clock ±%s", msText(total.P50), msText(total.P99), msText(snap.Clock.RTT/2))
		if hello != nil && hello.Clock != wire.ClockUnknown {
			fmt.Fprintf(&b, " · from %s", hello.Clock)
		}
	case proto != wire.ProtoV2:
		fmt.Fprintf(&b, "camera to screen not known: the %s stream carries no capture times", proto)
	case snap.Clock.Unanswered():
		b.WriteString("camera to screen not known: the camera does not answer clock probes (update picam)")
	default:
		b.WriteString("camera to screen: measuring the camera's clock…")
	}
	b.WriteString("\n")
	sep := ""
	for _, s := range []stats.Stage{stats.StageCapture, stats.StageNetwork, stats.StageDecode, stats.StageDisplay} {
		if st[s].Frames == 0 || (s == stats.StageDisplay && !snap.Displayed) {
			continue
		}
		fmt.Fprintf(&b, "%s%s %s", sep, s, msText(st[s].P50))
		sep = " · "
	}
	if sep == "" {
		b.WriteString("no frame measured yet")
	} else {
		b.WriteString(" (p50)")
	}
	return b.String()
}

// maxErrorRunes is the most of the last error a tile shows.
const maxErrorRunes = 400

// ellipsize cuts s to at most n runes, ending it with "…" when cut.
func ellipsize(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
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
