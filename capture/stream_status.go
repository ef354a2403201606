package capture

import (
	"sync"
	"time"
)

// StreamStatus reports on a Stream.
type StreamStatus struct {
	// FPS is frames sent per second and BytesPerFrame their mean payload
	// size: over the last interval in periodic reports, over the whole
	// stream in the final one.
	FPS, BytesPerFrame float64
	// Sent counts frames written, Dropped frames taken from the source but
	// never sent (replaced by a newer one, captured while disconnected, lost
	// in a failed write, or cut off by the end of the source's input),
	// Reconnects the connections made after one was lost.
	Sent, Dropped, Reconnects int64
	// Connected reports whether a connection is open.
	Connected bool
	// PacedMbps is the cap on the sending rate, in Mbit/s, since the link
	// lost packets (see pacing.go); 0 when there is none.
	PacedMbps float64
	// Quality is the JPEG quality in use and MaxQuality the one asked for,
	// when Stream adapts it (StreamConfig.Quality); both 0 otherwise.
	Quality, MaxQuality int
}

// status reports the counters, with rates over d for sent frames and bytes.
func (s *streamer) status(d time.Duration, sent, bytes int64) StreamStatus {
	st := StreamStatus{
		Sent: s.sent.Load(), Dropped: s.dropped.Load(), Reconnects: s.reconnects.Load(),
		Connected: s.connected.Load(),
	}
	if s.cfg.Quality != nil {
		st.Quality, st.MaxQuality = s.cfg.Quality.Quality(), s.quality.max
	}
	st.PacedMbps = float64(s.paced.Load()) * 8 / 1e6
	if d > 0 {
		st.FPS = float64(sent) / d.Seconds()
	}
	if sent > 0 {
		st.BytesPerFrame = float64(bytes) / float64(sent)
	}
	return st
}

// startStatus calls cfg.Status every interval until the returned function
// is called; that function waits for the reporting goroutine to end.
func (s *streamer) startStatus() (stop func()) {
	if s.cfg.Status == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(s.interval)
		defer t.Stop()
		last, lastSent, lastBytes := time.Now(), int64(0), int64(0)
		lastDropped, lastLinks, wasConnected := int64(0), int64(0), false
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				sent, bytes := s.sent.Load(), s.bytes.Load()
				dropped, links, connected := s.dropped.Load(), s.reconnects.Load(), s.connected.Load()
				d := now.Sub(last)
				s.adaptQuality(sent-lastSent, dropped-lastDropped, float64(bytes-lastBytes)/d.Seconds(),
					wasConnected && connected && links == lastLinks)
				s.adaptPacing(uint64(float64(bytes-lastBytes)/d.Seconds()), dropped > lastDropped)
				s.cfg.Status(s.status(d, sent-lastSent, bytes-lastBytes))
				last, lastSent, lastBytes = now, sent, bytes
				lastDropped, lastLinks, wasConnected = dropped, links, connected
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}
