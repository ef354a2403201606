// Package h264 reads H.264 Annex-B byte streams for vidstream, as
// rpicam-vid --codec h264 writes them: the NAL units of a buffer and their
// types (nal.go), the bits of a NAL payload with its emulation-prevention
// bytes removed (bits.go), sequence parameter sets and the picture size they
// declare (sps.go), the first macroblock of a slice (slice.go), a streaming
// splitter of a byte stream into access units, one coded picture each
// (au.go), and the newest SPS and PPS for a viewer joining mid-stream
// (params.go). Everything here is pure Go and allocates nothing per access
// unit once warmed up.
//
// Decoding (H.264 to pictures, through libavcodec) is in decoder_*.go.
package h264
