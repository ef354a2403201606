package pull

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vidstream/vidstream/wire/backoff"
)

// Defaults of a Retrier's zero fields.
const (
	// DefaultMinBackoff is the first wait after a failure.
	DefaultMinBackoff = 500 * time.Millisecond
	// DefaultMaxBackoff is the longest wait between two attempts.
	DefaultMaxBackoff = 10 * time.Second
	// DefaultSteady is how long a stream that delivered bytes must have
	// lasted for the waits to start again from the shortest.
	DefaultSteady = 10 * time.Second
)

// ErrEnded is the reason a Retry gives when the stream's user returned nil:
// the stream ended on its own (the server closed it).
var ErrEnded = errors.New("the stream ended")

// Retrier keeps a camera's stream going: it opens the target, hands the
// stream to its user, and when that returns (the stream ended or failed),
// or the target cannot be opened, waits and opens it again, until its ctx
// is done. The waits double from MinBackoff up to MaxBackoff
// (backoff.Backoff), and start again from MinBackoff after a stream that
// delivered bytes and lasted Steady. The zero Retrier takes the defaults.
//
// A server that serves one client and exits (rpicam-vid --listen) refuses
// the next connection until it is started again: the Retrier keeps trying,
// every MaxBackoff at most.
type Retrier struct {
	// Dialer opens each attempt.
	Dialer Dialer
	// MinBackoff and MaxBackoff are the shortest and longest waits between
	// attempts; 0 means DefaultMinBackoff, DefaultMaxBackoff.
	MinBackoff, MaxBackoff time.Duration
	// Steady is how long a stream that delivered bytes must have lasted
	// to reset the waits; 0 means DefaultSteady.
	Steady time.Duration
	// OnRetry, if set, is told of each failure before the wait that
	// follows it, on the goroutine running Run; it should return quickly.
	// To give up (on a wrong password, say), cancel Run's ctx from it.
	OnRetry func(Retry)
}

// Retry is a failure a Retrier is about to retry.
type Retry struct {
	Target  Target
	Attempt int           // failures in a row, from 1 (after a steady stream, from 1 again)
	Err     error         // why: Open's error, or what ended the stream (ErrEnded when its user returned nil)
	Wait    time.Duration // until the next attempt
	Final   bool          // there is none: Run gives up (the login was refused)
	Lost    bool          // the stream had been open: it was lost, rather than not reached
}

// String says what happened and when the next attempt is, as a status line
// would: "stream lost: …; retrying in 2 s".
func (r Retry) String() string {
	what := "cannot open the stream"
	if r.Lost {
		what = "stream lost"
	}
	if r.Final {
		return fmt.Sprintf("%s: %v; giving up", what, r.Err)
	}
	return fmt.Sprintf("%s: %v; retrying in %s", what, r.Err, r.WaitText())
}

// WaitText is the wait before the next attempt as a person reads it: "2 s",
// "1.5 s", "500 ms".
func (r Retry) WaitText() string { return seconds(r.Wait) }

// seconds formats a wait: in seconds to a tenth from 1 s ("2 s", "1.5 s"),
// in milliseconds below ("500 ms").
func seconds(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Round(100*time.Millisecond).Seconds(), 'f', -1, 64) + " s"
}

// Run opens t and calls use with each stream, again and again, until ctx is
// done; it then returns ctx's error. use reads the stream (receive.NewSession
// and Run, say) and returns when it ends; Run closes the stream after it,
// and when ctx is done while use runs, so that a Read waiting in use
// returns. use must not keep the stream. An invalid t is returned as an
// error at once, and so is a server's refusal of the user name and
// password (a *StatusError with Code 401: trying again cannot mend it),
// after OnRetry has been told of it with no wait.
func (r *Retrier) Run(ctx context.Context, t Target, use func(*Stream) error) error {
	if !t.valid() {
		return errors.New("pull: no target to run: make one with Parse")
	}
	b := backoff.Backoff{Min: r.MinBackoff, Max: r.MaxBackoff}
	if b.Min <= 0 {
		b.Min = DefaultMinBackoff
	}
	if b.Max <= 0 {
		b.Max = DefaultMaxBackoff
	}
	steady := r.Steady
	if steady <= 0 {
		steady = DefaultSteady
	}
	failures := 0
	for {
		lost, err := r.once(ctx, t, use, steady)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if lost == steadyStream {
			b.Reset()
			failures = 0
		}
		failures++
		if loginRefused(err) {
			if r.OnRetry != nil {
				r.OnRetry(Retry{Target: t, Attempt: failures, Err: err, Final: true})
			}
			return err
		}
		wait := b.Next()
		if r.OnRetry != nil {
			r.OnRetry(Retry{Target: t, Attempt: failures, Err: err, Wait: wait, Lost: lost != notOpened})
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// loginRefused reports whether err is a server's refusal of the login.
func loginRefused(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusUnauthorized
}

// outcome is how an attempt went.
type outcome int

const (
	notOpened    outcome = iota // Open failed
	lostStream                  // the stream was open, and ended
	steadyStream                // ... after it delivered bytes for Steady
)

// once is one attempt: it opens t and runs use on the stream; err is why it
// ended.
func (r *Retrier) once(ctx context.Context, t Target, use func(*Stream) error, steady time.Duration) (outcome, error) {
	s, err := r.Dialer.Open(ctx, t)
	if err != nil {
		return notOpened, err
	}
	start := time.Now()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	err = use(s)
	stop()
	s.Close()
	if err == nil {
		err = fmt.Errorf("pull: %s: %w", t, ErrEnded)
	}
	if s.Stats().Delivered > 0 && time.Since(start) >= steady {
		return steadyStream, err
	}
	return lostStream, err
}
