// Package capture is the Pi side of vidstream: frame sources and the sender
// that streams their frames to a viewer.
//
// A Source yields encoded frames (JPEG, or raw frames in picamera's byte
// layouts) and describes them with a wire.Hello; TestSource is a Source
// drawing the testpattern test card, for use without a camera. Send writes a
// Source's frames to an io.Writer (usually a TCP connection) in the blog
// post's seed protocol or in protocol v2, and always ends a stream it stops
// on purpose with the end marker.
package capture
