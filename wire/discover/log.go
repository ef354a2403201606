package discover

import (
	"sync"
	"time"
)

// logFunc logs like log.Printf.
type logFunc func(format string, args ...any)

// Bounds of limitedLog: at most logBurst lines at once, then one a
// logEvery; what is dropped is counted and said with the next line.
const (
	logBurst = 10
	logEvery = time.Second
)

// limitedLog passes lines on to logf at the rate of a token bucket, so that
// a network that sends nothing but garbage cannot flood the log.
type limitedLog struct {
	logf logFunc

	mu      sync.Mutex
	tokens  float64
	last    time.Time
	dropped int
}

func newLimitedLog(logf logFunc) *limitedLog {
	return &limitedLog{logf: logf, tokens: logBurst}
}

func (l *limitedLog) printf(format string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	if !l.last.IsZero() {
		l.tokens += float64(now.Sub(l.last)) / float64(logEvery)
		l.tokens = min(l.tokens, logBurst)
	}
	l.last = now
	if l.tokens < 1 {
		l.dropped++
		l.mu.Unlock()
		return
	}
	l.tokens--
	dropped := l.dropped
	l.dropped = 0
	l.mu.Unlock()
	if dropped > 0 {
		l.logf("discover: (%d lines left out)", dropped)
	}
	l.logf(format, args...)
}
