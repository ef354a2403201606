package codec

import (
	"image"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// jpegHello is a v2 stream's hello for JPEG frames.
var jpegHello = &wire.Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatJPEG}}

// streamOf returns the protocol of a stream with hello: v2 with one, seed
// without.
func streamOf(hello *wire.Hello) wire.Protocol {
	if hello != nil {
		return wire.ProtoV2
	}
	return wire.ProtoSeed
}

// newDecoder returns a decoder of the stream hello says (seed for nil),
// closed when t ends.
func newDecoder(t testing.TB, o Options, hello *wire.Hello) Decoder {
	t.Helper()
	c, err := ForStream(streamOf(hello), hello, o)
	if err != nil {
		t.Fatalf("ForStream: %v", err)
	}
	d, err := c.NewDecoder()
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	t.Cleanup(d.Close)
	return d
}

// jpegProtocols are the protocols a stream of JPEGs comes in.
var jpegProtocols = []wire.Protocol{wire.ProtoSeed, wire.ProtoV2, wire.ProtoMJPEG}

// jpegStreamDecoder returns a decoder of a JPEG stream in protocol p,
// closed when t ends.
func jpegStreamDecoder(t testing.TB, p wire.Protocol) Decoder {
	t.Helper()
	var hello *wire.Hello
	if p == wire.ProtoV2 {
		hello = jpegHello
	}
	c, err := ForStream(p, hello, Options{})
	if err != nil {
		t.Fatalf("ForStream(%v): %v", p, err)
	}
	d, err := c.NewDecoder()
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	t.Cleanup(d.Close)
	return d
}

// decodeOnce decodes payload as the first frame of the stream hello says
// (seed for nil), at full size; an error choosing the codec is returned too.
func decodeOnce(o Options, dst *image.RGBA, payload []byte, hello *wire.Hello) (*image.RGBA, pixel.Layout, error) {
	c, err := ForStream(streamOf(hello), hello, o)
	if err != nil {
		return nil, pixel.Layout{}, err
	}
	d, err := c.NewDecoder()
	if err != nil {
		return nil, pixel.Layout{}, err
	}
	defer d.Close()
	return d.Decode(dst, payload, image.Point{})
}
