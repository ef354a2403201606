package headless

import (
	"context"
	"fmt"
	"io"

	"github.com/vidstream/vidstream/app/pull"
)

// Watch is Run for a camera that serves its stream (package pull: an
// http:// MJPEG URL, a tcp:// MJPEG or H.264 stream): it opens rawURL,
// trying again with a backoff until the stream opens, prints a line per
// window record, stops after cfg.Records records (opening the stream again
// when it is lost before) or else at the end of the first stream, writes
// the files asked for and prints the total line. A URL that is not valid,
// and a server that refuses the user name and password, end it at once.
func Watch(ctx context.Context, rawURL string, cfg Config, out io.Writer) (Result, error) {
	if err := checkConfig(cfg); err != nil {
		return Result{}, err
	}
	t, err := pull.Parse(rawURL)
	if err != nil {
		return Result{}, fmt.Errorf("headless: %w", err)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// With records to reach, a stream lost before is opened again and the
	// run follows the new one.
	h := &handler{cfg: cfg, out: out, stop: func() { cancel(nil) }, follow: cfg.Records > 0}
	r := pull.Retrier{OnRetry: func(rt pull.Retry) { logf(cfg, rt.String()) }}
	logf(cfg, "opening "+t.String())
	m := startMeasure()
	if err := pull.Watch(ctx, r, t, cfg.Receive, h); err != nil && ctx.Err() == nil {
		cancel(err) // the login refused: Watch gave up
	}
	cost := m.cost()

	h.mu.Lock()
	s, end, finished := h.session, h.end, h.finished
	h.mu.Unlock()
	if s == nil {
		return Result{}, fmt.Errorf("headless: no stream from %s: %w", t, context.Cause(ctx))
	}
	if finished {
		end = nil
	}
	return finish(cfg, s, end, cost, out, true)
}
