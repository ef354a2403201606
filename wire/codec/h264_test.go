//go:build avcodec && cgo

package codec

import (
	"bytes"
	"errors"
	"image"
	"io"
	"testing"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/h264"
	"github.com/vidstream/vidstream/wire/pixel"
	"github.com/vidstream/vidstream/wire/wiretest"
)

var h264Hello = &wire.Hello{Version: 2, Layout: pixel.Layout{Format: pixel.FormatH264}}

// accessUnits splits a libx264 stream with the splitter picam uses.
func accessUnits(t *testing.T, stream []byte) [][]byte {
	t.Helper()
	s := h264.NewSplitter(bytes.NewReader(stream), 0)
	var aus [][]byte
	for {
		au, err := s.Next()
		if err == io.EOF {
			return aus
		}
		if err != nil {
			t.Fatal(err)
		}
		aus = append(aus, bytes.Clone(au.Data))
	}
}

// outcome is what decoding one access unit gave.
type outcome int

const (
	shown outcome = iota
	waited
	failed
)

func decodeAll(t *testing.T, d Decoder, aus [][]byte) []outcome {
	t.Helper()
	var out []outcome
	var img *image.RGBA
	for _, au := range aus {
		got, l, err := d.Decode(img, au, image.Point{})
		switch {
		case err == nil:
			img = got
			if l.Format != pixel.FormatH264 || l.Width != 320 || l.Height != 240 || got.Rect.Dx() != 320 {
				t.Fatalf("decoded %v into %v", l, got.Rect)
			}
			out = append(out, shown)
		case errors.Is(err, ErrWaitingForKeyframe):
			out = append(out, waited)
		default:
			out = append(out, failed)
		}
	}
	return out
}

func count(o []outcome, k outcome) (n int) {
	for _, x := range o {
		if x == k {
			n++
		}
	}
	return n
}

func TestH264StreamDecodes(t *testing.T) {
	c, err := ForStream(wire.ProtoV2, h264Hello, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Ordered || c.Keyframe == nil {
		t.Fatalf("codec %+v: H.264 must be ordered with a keyframe test", c)
	}
	aus := accessUnits(t, wiretest.X264{Frames: 20, GOP: 10}.Encode(t))
	for i, au := range aus {
		if got, want := c.Keyframe(au), i%10 == 0; got != want {
			t.Errorf("access unit %d: keyframe %v, want %v", i, got, want)
		}
	}
	out := decodeAll(t, newDecoder(t, Options{}, h264Hello), aus)
	if count(out, shown) != 20 {
		t.Errorf("outcomes %v, want 20 pictures", out)
	}
}

// A stream joined in the middle of a group waits for its keyframe; after a
// broken access unit nothing is shown until the next keyframe.
func TestH264WaitsForAKeyframe(t *testing.T) {
	aus := accessUnits(t, wiretest.X264{Frames: 30, GOP: 10}.Encode(t))
	garbage := []byte{0, 0, 0, 1, 0x41, 0xde, 0xad, 0xbe, 0xef, 0x13, 0x37}
	stream := append(append([][]byte{}, aus[3:15]...), garbage)
	stream = append(stream, aus[15:]...)
	out := decodeAll(t, newDecoder(t, Options{}, h264Hello), stream)
	// aus 3..9 wait (joined mid-group), 10..14 show, garbage fails, 15..19
	// wait, 20..29 show.
	want := []outcome{}
	for range 7 {
		want = append(want, waited)
	}
	for range 5 {
		want = append(want, shown)
	}
	want = append(want, failed)
	for range 5 {
		want = append(want, waited)
	}
	for range 10 {
		want = append(want, shown)
	}
	if len(out) != len(want) {
		t.Fatalf("%d outcomes, want %d", len(out), len(want))
	}
	for i := range want {
		if out[i] != want[i] {
			t.Fatalf("outcomes %v\nwant     %v", out, want)
		}
	}
}

func TestH264RefusesAHugeSPSBeforeDecoding(t *testing.T) {
	aus := accessUnits(t, wiretest.X264{Width: 640, Height: 480, Frames: 1}.Encode(t))
	d := newDecoder(t, Options{MaxPixels: 320 * 240}, h264Hello)
	_, _, err := d.Decode(nil, aus[0], image.Point{})
	var tl *pixel.ImageTooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("640x480 under a 320x240 cap: %v, want an ImageTooLargeError", err)
	}
}

func TestH264ReservesItsPicturesInTheBudget(t *testing.T) {
	b := pixel.NewBudget(1 << 20) // 1 MiB: less than a 640x480 stream's pictures
	aus := accessUnits(t, wiretest.X264{Width: 640, Height: 480, Frames: 1}.Encode(t))
	d := newDecoder(t, Options{Budget: b}, h264Hello)
	_, _, err := d.Decode(nil, aus[0], image.Point{})
	var ob *pixel.OverBudgetError
	if !errors.As(err, &ob) {
		t.Fatalf("a 640x480 stream in a 1 MiB budget: %v, want an OverBudgetError", err)
	}
	b = pixel.NewBudget(64 << 20)
	d = newDecoder(t, Options{Budget: b}, h264Hello)
	if _, _, err := d.Decode(nil, aus[0], image.Point{}); err != nil {
		t.Fatal(err)
	}
	if b.InUse() == 0 {
		t.Error("the decoder holds pictures but reserved nothing")
	}
	d.Close()
	if b.InUse() != 0 {
		t.Errorf("%d bytes still reserved after Close", b.InUse())
	}
}
