package testpattern

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"
)

// luma is the BT.601 luma of each pixel of row y of img.
func luma(img image.Image, y int) []uint8 {
	b := img.Bounds()
	out := make([]uint8, b.Dx())
	for x := b.Min.X; x < b.Max.X; x++ {
		out[x-b.Min.X] = color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
	}
	return out
}

// shown is the frame drawn at t with the strip, through JPEG at quality q,
// scaled to width w (height in proportion) with scaler s and put on a black
// screen wider than it, as a viewer shows it.
func shown(t *testing.T, fw, fh, noise, q, w int, s xdraw.Scaler, at time.Time) (*image.RGBA, image.Rectangle) {
	t.Helper()
	p := New(fw, fh)
	p.Noise, p.Timecode = noise, true
	frame := p.Draw(nil, 7, at)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, frame, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	dec, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	h := fh * w / fw
	screen := image.NewRGBA(image.Rect(0, 0, w+137, h+20))
	pic := image.Rect(61, 10, 61+w, 10+h)
	s.Scale(screen, pic, dec, dec.Bounds(), xdraw.Src, nil)
	return screen, pic
}

func TestTimecodeSurvivesJPEGAndScaling(t *testing.T) {
	at := time.Date(2026, 12, 1, 22, 43, 55, 626_000_000, time.UTC)
	want := uint32(at.UnixMilli()) & TimecodeMask
	for _, tc := range []struct {
		name                string
		fw, fh, noise, q, w int
		s                   xdraw.Scaler
	}{
		{"640x480 as is", 640, 480, 0, 85, 640, xdraw.NearestNeighbor},
		{"640x480 noisy, quality 40, up to 1.2x", 640, 480, 8, 40, 768, xdraw.ApproxBiLinear},
		{"1920x1080 down to a third", 1920, 1080, 8, 75, 640, xdraw.CatmullRom},
		{"1920x1080 down to a sixth, nearest", 1920, 1080, 0, 75, 320, xdraw.NearestNeighbor},
		{"320x240 the post's size", 320, 240, 0, 85, 320, xdraw.ApproxBiLinear},
	} {
		screen, pic := shown(t, tc.fw, tc.fh, tc.noise, tc.q, tc.w, tc.s, at)
		strip := TimecodeRect(tc.fw, tc.fh)
		// The strip's rows on the screen, scaled: every row well inside it
		// reads; rows of the bars above it do not.
		y0 := pic.Min.Y + strip.Min.Y*pic.Dy()/tc.fh
		read := 0
		for y := y0 + 2; y < pic.Max.Y-2; y++ {
			ms, ok := ReadTimecode(luma(screen, y))
			if ok && ms != want {
				t.Fatalf("%s: row %d read %d, want %d", tc.name, y, ms, want)
			}
			if ok {
				read++
			}
		}
		if read < (pic.Max.Y-y0-4)*9/10 {
			t.Errorf("%s: %d of %d rows of the strip read", tc.name, read, pic.Max.Y-y0-4)
		}
		for y := pic.Min.Y; y < y0-2; y++ {
			if ms, ok := ReadTimecode(luma(screen, y)); ok {
				t.Fatalf("%s: row %d above the strip read as %d", tc.name, y, ms)
			}
		}
	}
}

func TestTimecodeRefuses(t *testing.T) {
	word := timecodeWord(time.UnixMilli(123456789))
	row := func(flip int) []uint8 {
		r := make([]uint8, 20+TimecodeCells*5+20)
		for i := range TimecodeCells {
			white := timecodeCell(word, i)
			if i == flip {
				white = !white
			}
			for x := range 5 {
				if white {
					r[20+5*i+x] = 255
				}
			}
		}
		return r
	}
	if ms, ok := ReadTimecode(row(-1)); !ok || ms != 123456789&TimecodeMask {
		t.Fatalf("a clean row: %d %v", ms, ok)
	}
	for _, flip := range []int{1, 10, 30, 34} { // a guard, data bits, the check byte
		if ms, ok := ReadTimecode(row(flip)); ok {
			t.Errorf("cell %d flipped: read %d", flip, ms)
		}
	}
	if _, ok := ReadTimecode(make([]uint8, 500)); ok {
		t.Error("a black row read")
	}
	if _, ok := ReadTimecode(row(-1)[:TimecodeCells*2]); ok {
		t.Error("a row too short for the cells read")
	}
}

func TestFullTime(t *testing.T) {
	now := time.UnixMilli(1_764_000_000_000)
	for _, back := range []int64{0, 1, 40, TimecodeMask} {
		at := now.Add(-time.Duration(back) * time.Millisecond)
		ms := uint32(at.UnixMilli()) & TimecodeMask
		if got := FullTime(ms, now); !got.Equal(at) {
			t.Errorf("%d ms back: %v, want %v", back, got, at)
		}
	}
}
