package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
)

// TestMessagesArePlain: the errors a stream ends or is refused with become
// words without the system's jargon (addresses, "read tcp", "i/o").
func TestMessagesArePlain(t *testing.T) {
	jargon := func(s string) bool {
		return strings.Contains(s, "tcp") || strings.Contains(s, "i/o") || strings.Contains(s, "127.0.0.1") || strings.Contains(s, "wire:")
	}
	wrap := func(e error) error { return fmt.Errorf("read tcp 127.0.0.1:1308->127.0.0.1:5000: %w", e) }
	ends := map[error]string{
		nil:                                 "the camera ended the stream",
		wrap(os.ErrDeadlineExceeded):        "no picture came for a while",
		wrap(wire.ErrNoEndMarker):           "without the stream's end",
		wrap(io.ErrUnexpectedEOF):           "in the middle of a picture",
		receive.ErrReplaced:                 "a new camera took its place",
		receive.ErrDisplaced:                "a paired camera took its place",
		wrap(errors.New("wire: bad magic")): "the log has the details",
	}
	for err, want := range ends {
		got := endReason(err)
		if !strings.Contains(got, want) || jargon(got) {
			t.Errorf("endReason(%v) = %q, want plain words with %q", err, got, want)
		}
	}
	refusals := []struct {
		err     error
		cameras int
		want    string
	}{
		{receive.ErrBusy, 1, `Raise "Cameras at once" in Settings`},
		{fmt.Errorf("x: %w", receive.ErrBusy), 4, "4 cameras are streaming"},
		{fmt.Errorf("%w in 2s: %w", receive.ErrNoStart, wrap(context.DeadlineExceeded)), 4, "sent no video within 2 seconds"},
		{receive.ErrDeniedCamera, 4, "Settings > Paired cameras can forget"},
		{&receive.ChangedKeyError{Camera: "garden"}, 4, "another key"},
		{receive.ErrNotAnswered, 4, "nobody answered"},
		{receive.ErrPlainRefused, 4, "Accept the blog post's client (unencrypted)"},
		{receive.ErrNoIdentity, 4, "no key pair"},
		{fmt.Errorf("%w: %w", receive.ErrHandshake, wrap(errors.New("tls: bad record MAC"))), 4, "encrypted handshake failed"},
	}
	for _, r := range refusals {
		if got := refusalReason(r.err, r.cameras); !strings.Contains(got, r.want) || jargon(got) {
			t.Errorf("refusalReason(%v) = %q, want plain words with %q", r.err, got, r.want)
		}
	}
}
