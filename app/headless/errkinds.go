package headless

import (
	"fmt"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
)

// errorLog says why frames fail to decode without a line per frame: the
// first error of each kind when the window it came in closes (and at the
// end of the run, logErrorKinds: a line per kind with its count). It is
// used by the goroutine that closes windows.
type errorLog struct {
	session *receive.Session // whose kinds were told
	logged  int              // kinds told so far
}

// news logs the first error of each kind of session s not told yet.
func (e *errorLog) news(cfg Config, s *receive.Session) {
	if e.session != s {
		e.session, e.logged = s, 0
	}
	kinds := s.Meter.ErrorKinds()
	for _, k := range kinds[min(e.logged, len(kinds)):] {
		logf(cfg, "a frame did not decode (frames failing the same way are counted, not logged): "+k.First)
	}
	e.logged = max(e.logged, len(kinds))
}

// logErrorKinds logs each kind of decode error with its count and its
// first error in full: the end of a run.
func logErrorKinds(cfg Config, kinds []stats.ErrorKind) {
	for _, k := range kinds {
		logf(cfg, fmt.Sprintf("%s did not decode this way (the first shown): %s", count(k.Count), k.First))
	}
}
