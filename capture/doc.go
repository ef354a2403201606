// Package capture is the Pi side of vidstream: frame sources and the sender
// that streams their frames to a viewer.
//
// A Source yields encoded frames (JPEG, or raw frames in picamera's byte
// layouts) and describes them with a wire.Hello. TestSource draws the
// testpattern test card, for use without a camera (the viewer's demo camera
// is one); ReaderSource reads a camera's byte stream, such as rpicam-vid's on
// stdin; Reopen keeps a camera's stream going across the camera being lost
// and opened again. The V4L2 camera source is package capture/v4l2, which
// builds on this one (this package never links it, nor cgo).
//
// Stream is the one sender, for picam and the demo alike: newest frame first
// (a frame not sent in time is dropped and counted, never queued), over a
// connection the Dialer opens, reconnecting with backoff when the viewer goes
// away, in the blog post's seed protocol, protocol v2 or plain MJPEG, ending
// a stream it stops on purpose with the end marker.
package capture
