package wire

// isMJPEGStart reports whether a stream's first 4 bytes, b, start an MJPEG
// stream: they hold a JPEG's SOI, FF D8, and cannot start a seed stream.
// FF D8 b2 b3 is the seed length b3<<24 + b2<<16 + 55,551, over
// MaxFrameLimit (2^28) for every b3 >= 0x10, whatever b2 is. A whole JPEG
// has FF there and a marker code >= 0xC0 at b3; taking any b2 lets a stream
// whose first JPEG is broken at its third byte (FF D8 00 E0, say) be read as
// MJPEG, its first frame lost and the stream resynchronised at the next
// SOI, rather than refused as a seed stream with an impossible length. A
// seed stream starting FF D8 (a first payload of 55,551 + 65,536k bytes)
// always has b3 < 0x10 and stays seed, so the post's client.py is read as
// before.
func isMJPEGStart(b []byte) bool {
	return len(b) >= 4 && b[0] == 0xFF && b[1] == markerSOI && b[3] >= 0x10
}
