// Package codec turns a stream's payloads into the tightly packed RGBA the
// screen shows. ForStream picks the Codec of a stream from what its first
// frame said (the protocol, and a v2 stream's hello); the Codec makes
// Decoders, each owned by one goroutine for the stream's life and closed
// with it. A Codec says whether its frames decode on their own (JPEG, raw:
// several Decoders may work at once, in arrival order) or depend on the ones
// before (Ordered: every frame, in order, on one Decoder, resuming at a
// keyframe after a drop).
//
// The compressed formats are a table in codec.go: a new codec is its own
// package (its decoder and how to recognise its payloads) and one line
// there, after its FourCC in package pixel's table of formats.
package codec
