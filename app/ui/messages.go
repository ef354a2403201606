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
	default:
		return "too many connections at once (the log has the details)"
	}
}
