package pull

import (
	"context"

	"github.com/vidstream/vidstream/app/receive"
)

// Watch shows the stream at t until ctx is done: it opens it with r, runs a
// Live receive session on each stream it gets, reporting to h as a
// receive.Server would (SessionStarted once the stream is open, then its
// frames and records, then SessionEnded), and opens it again after it ends
// or fails, waiting and reporting each failure as r says. The session is
// named by t.String(), which never holds the password. r's Dialer caps a
// part at cfg.MaxFrame when it has no cap of its own. Watch returns
// ctx's error, or an error at once for an invalid t.
func Watch(ctx context.Context, r Retrier, t Target, cfg receive.Config, h receive.Handler) error {
	if r.Dialer.MaxPart <= 0 {
		r.Dialer.MaxPart = cfg.MaxFrame
	}
	return r.Run(ctx, t, func(st *Stream) error {
		s := receive.NewSession(st, t.String(), cfg, receive.Live, h)
		h.SessionStarted(s)
		err := s.Run(ctx)
		h.SessionEnded(s, err)
		return err
	})
}
