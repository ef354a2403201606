package main

// Where the stream goes: the viewer (-to), or a file or stdout (-o).

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire/discover"
)

// dialTimeout bounds one attempt to connect to the viewer.
const dialTimeout = 5 * time.Second

// output returns where the stream goes: a Dialer of the viewer at cfg.Addr,
// to be retried (reconnect true), or of the file cfg.Out, created now ("-"
// is stdout, which is never closed), handed out once. done closes the file
// if the stream never took it (closing it again after the stream did is
// harmless).
func output(cfg config, stdout io.Writer, logf func(string)) (dial capture.Dialer, reconnect bool, done func(), err error) {
	var sec *capture.Security
	var paired func(string) bool // with several viewers on the network, the one paired with
	if private(cfg) {
		s, err := security(cfg, logf)
		if err != nil {
			return nil, false, nil, err
		}
		sec = &s
		paired = func(name string) bool { _, ok := s.Pins.Lookup(name); return ok }
	}
	switch {
	case cfg.Find:
		dial = capture.DiscoverDialer(cfg.Viewer, cfg.Addr, dialTimeout, discover.Config{}, paired)
	case cfg.Addr != "":
		dial = capture.TCPDialer(cfg.Addr, dialTimeout)
	}
	if dial != nil {
		if sec == nil {
			return dial, true, func() {}, nil
		}
		return capture.SecureDialer(dial, *sec), true, func() {}, nil
	}
	var w io.WriteCloser = nopCloser{stdout}
	if cfg.Out != "-" {
		f, err := os.Create(cfg.Out)
		if err != nil {
			return nil, false, nil, fmt.Errorf("-o: %w", err)
		}
		w = f
	}
	return capture.Once(w), false, func() { w.Close() }, nil
}

// destination names where cfg's stream goes, for messages.
func destination(cfg config) string {
	switch {
	case cfg.Find && cfg.Viewer != "":
		return "the viewer " + strconv.Quote(cfg.Viewer)
	case cfg.Find:
		return "the viewer on the network"
	case cfg.Addr != "":
		return cfg.Addr
	case cfg.Out == "-":
		return "stdout"
	}
	return cfg.Out
}

// nopCloser is stdout as a connection: Close leaves it open.
type nopCloser struct{ io.Writer }

// Close does nothing.
func (nopCloser) Close() error { return nil }
