package pairing

import (
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
)

// clientHello returns the first record cfg's client sends.
func clientHello(t *testing.T, cfg *tls.Config) []byte {
	t.Helper()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	b.SetDeadline(time.Now().Add(5 * time.Second))
	go tls.Client(a, cfg).Handshake()
	header := make([]byte, 5)
	if _, err := io.ReadFull(b, header); err != nil {
		t.Fatal(err)
	}
	record := make([]byte, int(header[3])<<8|int(header[4]))
	if _, err := io.ReadFull(b, record); err != nil {
		t.Fatal(err)
	}
	return append(header, record...)
}

func TestIsTLSClientHelloRealClients(t *testing.T) {
	cam := newTestIdentity(t, "cam")
	for name, cfg := range map[string]*tls.Config{
		"ClientConfig":  ClientConfig(cam, nil),
		"TLS 1.2 only":  {MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, InsecureSkipVerify: true},
		"default":       {InsecureSkipVerify: true, ServerName: "viewer.local"},
		"no post-quant": {CurvePreferences: []tls.CurveID{tls.X25519}, InsecureSkipVerify: true},
	} {
		first := clientHello(t, cfg)
		if !IsTLSClientHello(first[:SniffLen]) || !IsTLSClientHello(first) {
			t.Errorf("%s: % x not taken for a ClientHello", name, first[:SniffLen])
		}
		if IsTLSClientHello(first[:SniffLen-1]) {
			t.Errorf("%s: %d bytes are taken for a ClientHello", name, SniffLen-1)
		}
	}
}

// seedStream returns a seed stream's first frame: the length word and a
// payload of n bytes starting with start.
func seedStream(n int, start ...byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(n))
	return append(b, start...)
}

func TestIsTLSClientHelloOtherProtocols(t *testing.T) {
	jpeg := []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}
	for name, first := range map[string][]byte{
		"plaintext v2":    []byte("VSv2\x01\x1d\x00\x00\x00\x02\x00"),
		"MJPEG":           jpeg,
		"H.264":           {0, 0, 0, 1, 0x67, 0x42, 0, 0x1e, 0, 0, 0},
		"seed JPEG":       seedStream(70000, jpeg...),
		"seed end marker": {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"HTTP":            []byte("GET / HTTP/1.1\r\n"),
		"SSLv2 hello":     {0x80, 0x2e, 0x01, 0x00, 0x02, 0, 0x15, 0, 0, 0, 0x10},
		"TLS alert":       {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0, 0, 0, 0},
	} {
		if IsTLSClientHello(first) {
			t.Errorf("%s (% x) taken for a ClientHello", name, first)
		}
	}
}

// TestSeedLengthsThatLookLikeTLS checks what sniff.go says of seed streams
// whose first 4 bytes are a TLS record header.
func TestSeedLengthsThatLookLikeTLS(t *testing.T) {
	var underDefault, underLimit []int
	for lh := 0; lh <= maxClientHelloRecord>>8; lh++ {
		for v := 1; v <= 3; v++ {
			n := int(binary.LittleEndian.Uint32([]byte{0x16, 0x03, byte(v), byte(lh)}))
			if n != lh<<24+v<<16+0x0316 {
				t.Fatalf("length %d", n)
			}
			if n <= wire.DefaultMaxFrame {
				underDefault = append(underDefault, n)
			}
			if n <= wire.MaxFrameLimit {
				underLimit = append(underLimit, n)
			}
			if n%256 == 0 {
				t.Errorf("length %d is a multiple of 256: a picamera raw frame could have it", n)
			}
			// A JPEG of that length is never taken for TLS.
			if IsTLSClientHello(seedStream(n, 0xff, 0xd8, 0xff, 0xdb, 0, 0x43, 0, 1)) {
				t.Errorf("a seed JPEG of %d bytes is taken for a ClientHello", n)
			}
		}
	}
	want := []int{66326, 131862, 197398, 16843542, 16909078, 16974614}
	if len(underDefault) != len(want) || len(underLimit) != 48 {
		t.Fatalf("%d lengths under DefaultMaxFrame (%v), %d under MaxFrameLimit; sniff.go says 6 and 48", len(underDefault), underDefault, len(underLimit))
	}
	for i := range want {
		if underDefault[i] != want[i] {
			t.Errorf("colliding lengths %v, sniff.go lists %v", underDefault, want)
			break
		}
	}
	// The documented collision: arbitrary bytes of such a length that start
	// as a ClientHello's do.
	if !IsTLSClientHello(seedStream(66326, 0x80, 0x01, 0x00, 0x00, 0x7c, 0x03, 0x03)) {
		t.Error("the documented colliding seed stream is not taken for TLS")
	}
}

func FuzzIsTLSClientHello(f *testing.F) {
	f.Add([]byte{0x16, 3, 1, 0, 0x80, 1, 0, 0, 0x7c, 3, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		if IsTLSClientHello(b) && (len(b) < SniffLen || b[0] != 0x16) {
			t.Errorf("% x taken for TLS", b)
		}
	})
}
