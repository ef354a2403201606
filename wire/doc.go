// Package wire holds vidstream's framings: how frames travel on a TCP
// stream from a camera, or lie in a recording.
//
//   - The seed protocol of the picamera blog post (seed.go): each frame is a
//     uint32 little-endian length followed by that many payload bytes, and a
//     length of 0 ends the stream.
//   - Protocol v2 (v2.go): the 4-byte magic "VSv2", a Hello message that says
//     what the frames hold (format, size, padding, nominal frame rate, sender
//     name), then Frame messages carrying a sequence number and a capture
//     time, and an End message.
//   - MJPEG (mjpeg.go): plain concatenated JPEGs, as rpicam-vid writes them,
//     split at each JPEG's markers.
//
// PROTOCOL.md in this directory documents them byte by byte. Reader tells
// them apart from the first 4 bytes of a stream and reads frames into reused
// buffers; Writer writes any of them; Protocol names them for picam and the
// viewer alike. What a payload holds is package pixel's (formats, layouts)
// and package codec's (decoding); the packages below this one also hold the
// newest-frame-wins hand-off (handoff), retry waits (backoff) and what tests
// share (wiretest).
//
// Nothing in this package is safe for concurrent use unless stated: a Reader,
// Writer or the buffers they hand out belong to one goroutine at a time.
package wire
