package wire

// The seed protocol, byte for byte the blog post's client.py and server.py:
// each frame is a uint32 little-endian length followed by that many payload
// bytes, and a length of 0 ends the stream. The payload is a JPEG or a raw
// picamera frame whose layout the receiver must guess from its length.

import (
	"encoding/binary"
	"io"
)

// seedHeaderLen is the bytes of a seed frame's length word.
const seedHeaderLen = 4

// seedFrame reads a seed frame whose length word was n.
func (r *Reader) seedFrame(buf []byte, n uint32) (Frame, error) {
	if err := r.checkSeedLen(n); err != nil {
		return Frame{}, err
	}
	p, err := r.readPayload(buf, int(n))
	if err != nil {
		return Frame{}, err
	}
	return Frame{Payload: p, Seq: r.frames}, nil
}

// checkSeedLen says what a seed length word n means when it is no frame:
// io.EOF for the end marker, *FrameTooLargeError over the cap.
func (r *Reader) checkSeedLen(n uint32) error {
	if n == 0 {
		return io.EOF
	}
	if uint64(n) > uint64(r.max) {
		return &FrameTooLargeError{Length: int64(n), Max: r.max}
	}
	return nil
}

// appendSeedHeader appends the length word of an n-byte seed frame to b.
func appendSeedHeader(b []byte, n int) []byte {
	return binary.LittleEndian.AppendUint32(b, uint32(n))
}

// appendSeedEnd appends the seed stream's end marker, a 0 length, to b.
func appendSeedEnd(b []byte) []byte { return append(b, 0, 0, 0, 0) }
