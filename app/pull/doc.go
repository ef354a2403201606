// Package pull opens camera streams that people already run, servers the
// viewer connects to rather than senders that connect to it, as byte
// streams a wire.Reader reads:
//
//   - http:// and https:// MJPEG over HTTP, a multipart/x-mixed-replace
//     reply whose parts are JPEGs: mjpg-streamer (/?action=stream),
//     uStreamer (/stream), picamera2's mjpeg_server example (/stream.mjpg),
//     motion, the ESP32-CAM web server, ffmpeg -f mpjpeg -listen 1. The
//     parts' headers and boundaries are stripped (multipart.go), so the
//     stream read is plain concatenated JPEGs, which wire.Reader tells by
//     their first bytes.
//   - tcp:// a raw byte stream, MJPEG or H.264 Annex-B, as
//     rpicam-vid --listen -o tcp://0.0.0.0:8888 serves it: the connection
//     itself.
//
// Parse checks a URL and makes it a Target, keeping its credentials (HTTP
// basic auth) apart from the name it is shown by. A Dialer's Open makes one
// connection and returns a Stream: an io.ReadCloser with SetReadDeadline,
// so that receive.NewSession in Live mode applies its frame timeout to it
// and closes it when its run ends. A read that gets no byte for the
// Dialer's IdleTimeout fails with ErrIdle, so a server that stops sending
// never hangs a reader. A Retrier keeps a stream going: it opens the
// target again after the stream ends or fails, waiting by a
// backoff.Backoff, and reports each failure (Retry) so the window can say
// "lost, retrying in 2 s".
//
// Memory is bounded whatever a server sends: an HTTP stream reads its body
// through one 16 KiB buffer of its own (over net/http's 4 KiB one), owned
// by its Stream, and copies from it straight into the caller's p, of which
// it keeps nothing; the reply's headers are at most 64 KiB, a part's at
// most 8 KiB; a part whose Content-Length is over the Dialer's MaxPart is
// read and dropped, never held. A TCP stream is the connection itself, no
// buffer between. A Stream is read by one goroutine at a time; Close and
// SetReadDeadline may be called from any goroutine, also during a Read.
package pull
