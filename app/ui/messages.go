package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
)

// The window's messages say in plain words what happened and what to do;
// the errors behind them, with addresses and system calls, go to the log.

// errAddrInUse is the system's "address already in use".
var errAddrInUse = syscall.EADDRINUSE

// endReason says why a camera's stream ended, for the window.
func endReason(err error) string {
	switch {
	case err == nil:
		return "the camera ended the stream"
	case errors.Is(err, receive.ErrDisplaced):
		return "a paired camera took its place: unencrypted streams give way to paired ones"
	case errors.Is(err, receive.ErrReplaced):
		return "a new camera took its place, as it had sent nothing for 2 seconds"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "no picture came for a while, so the viewer closed the connection (is the camera still running?)"
	case errors.Is(err, wire.ErrNoEndMarker):
		return "the connection closed without the stream's end (the camera stopped, or the network dropped)"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection dropped in the middle of a picture (the camera stopped, or the network dropped)"
	case errors.Is(err, syscall.ECONNRESET):
		return "the connection was cut (the camera stopped, or the network dropped)"
	default:
		return "the stream broke off (the log has the details)"
	}
}

// refusalReason says why a connection was turned away, for the window;
// cameras is the cameras-at-once setting.
func refusalReason(err error, cameras int) string {
	switch {
	case errors.Is(err, receive.ErrBusy) && cameras <= 1:
		return "another camera is streaming. Raise \"Cameras at once\" in Settings to watch both."
	case errors.Is(err, receive.ErrBusy):
		return fmt.Sprintf("%d cameras are streaming, as many as Settings allow. Raise \"Cameras at once\", or stop one.", cameras)
	case errors.Is(err, receive.ErrNoStart):
		return "it sent no video within 2 seconds (is it picam or the post's client.py?)"
	case errors.Is(err, receive.ErrDeniedCamera):
		return "it was denied before. Settings > Paired cameras can forget the denial."
	case errors.As(err, new(*receive.ChangedKeyError)):
		return "it has the name of a paired camera but another key. If that Pi was reinstalled, forget it in Settings > Paired cameras; else someone may be posing as it."
	case errors.Is(err, receive.ErrNotAnswered):
		return "nobody answered whether to pair with it; it asks again when it reconnects."
	case errors.Is(err, receive.ErrPlainRefused):
		return "it is unencrypted (the post's client.py, or picam -plain). Turn on \"" + acceptPlainLabel + "\" in Settings to show it."
	case errors.Is(err, receive.ErrNoIdentity):
		return "it is encrypted, but this viewer has no key pair (the log says why)."
	case errors.Is(err, receive.ErrHandshake):
		return "its encrypted handshake failed: is it picam? (the log has the details)"
	default:
		return "too many connections at once (the log has the details)"
	}
}
