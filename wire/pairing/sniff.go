package pairing

// SniffLen is how many bytes IsTLSClientHello needs: the 5-byte record
// header, the handshake type, the 3-byte handshake length and the 2-byte
// legacy_version.
const SniffLen = 11

// maxClientHelloRecord is the largest plaintext TLS record, 2^14 bytes (RFC
// 8446 5.1), and so the largest record a ClientHello arrives in.
const maxClientHelloRecord = 1 << 14

// IsTLSClientHello reports whether first, the first bytes a connection sent,
// begins as a TLS ClientHello does, so that one port can take TLS (v2 over
// TLS) and the unencrypted protocols (the blog post's seed protocol and
// plaintext v2). It needs SniffLen bytes and is false with fewer: a TLS
// client sends its whole ClientHello (hundreds of bytes) at once and then
// waits, so a connection that ends or stalls before SniffLen bytes is no TLS
// client.
//
// It checks: record type 22 (handshake), version 03 01 to 03 03, a record
// length of 6 to 2^14, handshake type 1 (ClientHello), a handshake length
// under 64 KiB (what crypto/tls accepts) that fills the record or more (a
// ClientHello is alone in its record, or split across several), and a
// legacy_version of 03 01 to 03 03.
//
// Disambiguation, for a listener that reads the first 4 bytes as wire.Reader
// does: "VSv2" (56 ...) is plaintext v2, FF D8 is MJPEG, 00 00 is H.264, so
// those never collide with 16 03. A seed stream's first 4 bytes are its first
// frame's length, little-endian; TLS's 16 03 0v LH read so is
// LH*2^24 + v*2^16 + 0x0316, with v 1..3 and LH at most 0x40. Under wire's
// DefaultMaxFrame (32 MiB) that is 6 lengths, LH 0 or 1: 66,326, 131,862,
// 197,398, 16,843,542, 16,909,078 and 16,974,614 bytes; under MaxFrameLimit
// (256 MiB), LH up to 15, 48 lengths. Four bytes alone would take a seed
// stream with such a first frame for TLS. Eleven do not, in practice: bytes
// 5 to 10 are then the frame's first payload bytes and would have to be
// xx 01 00 xx xx 03 0v with the lengths agreeing. A JPEG starts FF D8, so
// never; a picamera raw frame (YUV or RGB, rows padded to 32 pixels and
// columns to 16) is a multiple of 768 bytes, and every colliding length is
// 0x0316 modulo 2^16, not a multiple of 256, so never either. Only a seed
// sender of arbitrary bytes, of one of those lengths, starting so, would be
// misread, and its connection would then fail the TLS handshake.
func IsTLSClientHello(first []byte) bool {
	if len(first) < SniffLen {
		return false
	}
	if first[0] != 0x16 || first[1] != 0x03 || first[2] < 0x01 || first[2] > 0x03 {
		return false
	}
	record := int(first[3])<<8 | int(first[4])
	if record < SniffLen-5 || record > maxClientHelloRecord {
		return false
	}
	if first[5] != 0x01 || first[6] != 0 {
		return false
	}
	handshake := int(first[7])<<8 | int(first[8])
	if handshake+4 < record {
		return false
	}
	return first[9] == 0x03 && first[10] >= 0x01 && first[10] <= 0x03
}
