// Package wire holds vidstream's wire protocols and pixel formats.
//
// Two framings are understood on a TCP stream from a camera:
//
//   - the seed protocol of the picamera blog post: each frame is a uint32
//     little-endian length followed by that many payload bytes, and a length of
//     0 ends the stream; the payload is a JPEG or a raw picamera frame whose
//     layout must be guessed from its length (see ClassifyRaw);
//   - protocol v2: the 4-byte Magic "VSv2", a Hello message that says what the
//     frames hold (format, size, padding, nominal frame rate, sender name), then
//     Frame messages carrying a sequence number and a capture time, and an End
//     message. PROTOCOL.md in this directory documents both byte by byte.
//
// Reader tells the two apart from the first 4 bytes of a stream and reads
// frames into reused buffers; Writer writes either. Decoder turns one payload
// into an image (JPEG, I420, grey, RGB24/BGR24/RGBA/BGRA), and the Encode*
// functions produce raw frames in picamera's byte layouts.
//
// Nothing in this package is safe for concurrent use unless stated: a Reader,
// Writer or the buffers they hand out belong to one goroutine at a time.
package wire
