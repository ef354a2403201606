package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

// countingSource is a capture.Source that counts the frames and payload
// bytes its inner Source hands out; the counts may be read from any
// goroutine.
type countingSource struct {
	capture.Source
	frames atomic.Int64
	bytes  atomic.Int64
}

// Next returns the inner Source's next frame (owned by it, as usual) and
// counts it.
func (s *countingSource) Next(ctx context.Context) (capture.Frame, error) {
	f, err := s.Source.Next(ctx)
	if err == nil {
		s.frames.Add(1)
		s.bytes.Add(int64(len(f.Data)))
	}
	return f, err
}

// Hello returns the inner Source's hello.
func (s *countingSource) Hello() wire.Hello { return s.Source.Hello() }

// counts returns the frames and bytes counted so far.
func (s *countingSource) counts() (frames, bytes int64) {
	return s.frames.Load(), s.bytes.Load()
}

// statusLine formats one status report: the frame rate and mean frame size
// over the last interval, and the totals.
func statusLine(dFrames, dBytes int64, interval time.Duration, frames, bytes int64) string {
	fps := 0.0
	if interval > 0 {
		fps = float64(dFrames) / interval.Seconds()
	}
	per := "-"
	if dFrames > 0 {
		per = fmt.Sprint(dBytes / dFrames)
	}
	return fmt.Sprintf("picam: %.1f fps, %s B/frame (total %d frames, %d bytes)\n", fps, per, frames, bytes)
}

// startStatus writes a status line about s to w every interval until the
// returned stop function is called; stop waits for the writer goroutine to
// finish, so nothing is written after it returns.
func startStatus(s *countingSource, w io.Writer, interval time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		last := time.Now()
		var lastFrames, lastBytes int64
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				frames, bytes := s.counts()
				io.WriteString(w, statusLine(frames-lastFrames, bytes-lastBytes, now.Sub(last), frames, bytes))
				last, lastFrames, lastBytes = now, frames, bytes
			}
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() { close(done) })
		wg.Wait()
	}
}
