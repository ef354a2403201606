package pixel_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	. "github.com/vidstream/vidstream/wire/pixel"
)

func TestYUYVToI420(t *testing.T) {
	// 4x2: Y rows 10 20 30 40 / 50 60 70 80; U 100,110 over 101,111; V 200,210 over 202,213.
	row0 := []byte{10, 100, 20, 200, 30, 110, 40, 210}
	row1 := []byte{50, 101, 60, 202, 70, 111, 80, 213}
	want4x2 := []byte{10, 20, 30, 40, 50, 60, 70, 80, 101, 111, 201, 212}
	padded := append(append(append([]byte{}, row0...), 0xFF, 0xFF, 0xFF, 0xFF), row1...)
	// 3x1: odd width and height; the padding column repeats Y3 of the last
	// macropixel, the padding row repeats row 0, chroma is row 0's.
	odd := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	wantOdd := []byte{1, 3, 5, 7, 1, 3, 5, 7, 2, 6, 4, 8}
	tests := []struct {
		name         string
		src          []byte
		w, h, stride int
		want         []byte
	}{
		{"4x2", append(append([]byte{}, row0...), row1...), 4, 2, 8, want4x2},
		{"4x2 padded rows", padded, 4, 2, 12, want4x2},
		{"3x1 odd", odd, 3, 1, 8, wantOdd},
		{"zero width", odd, 0, 1, 8, nil},
		{"width above max", odd, MaxDimension + 1, 1, 8, nil},
		{"stride below a row", odd, 4, 1, 6, nil},
		{"src short", odd[:7], 4, 1, 8, nil},
		{"src short of last row", padded[:19], 4, 2, 12, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := YUYVToI420(nil, tc.src, tc.w, tc.h, tc.stride)
			if !bytes.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if got != nil {
				if n := I420Layout(tc.w, tc.h).Size(); n != len(got) {
					t.Errorf("output is %d bytes, layout says %d", len(got), n)
				}
			}
		})
	}
}

// TestYUYVToI420MatchesReference checks the two-macropixel fast path and
// the one-macropixel tail against a per-pixel reading of the definition.
func TestYUYVToI420MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for w := 1; w <= 11; w++ {
		for _, h := range []int{1, 2, 5} {
			cw, stride := (w+1)/2, 2*(w+1)+4
			src := make([]byte, stride*h)
			for i := range src {
				src[i] = byte(rng.Uint32())
			}
			l := I420Layout(w, h)
			want := make([]byte, l.Size())
			at := func(x, y, c int) int { return int(src[min(y, h-1)*stride+4*(x/2)+c]) }
			for y := 0; y < l.Rows; y++ {
				for x := 0; x < l.Stride; x++ {
					want[y*l.Stride+x] = byte(at(x, y, 2*(x%2)))
				}
			}
			for cy := 0; cy < l.Rows/2; cy++ {
				for cx := 0; cx < cw; cx++ {
					want[l.Stride*l.Rows+cy*cw+cx] = byte((at(2*cx, 2*cy, 1) + at(2*cx, 2*cy+1, 1) + 1) / 2)
					want[l.Stride*l.Rows+cw*l.Rows/2+cy*cw+cx] = byte((at(2*cx, 2*cy, 3) + at(2*cx, 2*cy+1, 3) + 1) / 2)
				}
			}
			if got := YUYVToI420(nil, src, w, h, stride); !bytes.Equal(got, want) {
				t.Errorf("%dx%d: got %v, want %v", w, h, got, want)
			}
		}
	}
}

func TestYUYVToI420ReusesDst(t *testing.T) {
	src := make([]byte, 64*48*2)
	for i := range src {
		src[i] = byte(i * 7)
	}
	dst := make([]byte, 0, 64*48*3/2)
	out := YUYVToI420(dst, src, 64, 48, 128)
	if &out[0] != &dst[:1][0] {
		t.Fatal("the result does not alias dst though it fit")
	}
	first := bytes.Clone(out)
	if n := testing.AllocsPerRun(20, func() { out = YUYVToI420(out, src, 64, 48, 128) }); n != 0 {
		t.Errorf("%v allocations a conversion in steady state, want 0", n)
	}
	if !bytes.Equal(out, first) {
		t.Error("converting again into the same buffer changed the result")
	}
	if grown := YUYVToI420(make([]byte, 3), src, 64, 48, 128); !bytes.Equal(grown, first) {
		t.Error("converting into a short dst gave different bytes")
	}
}

func FuzzYUYVToI420(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, 3, 1, 8)
	f.Add(make([]byte, 40), 4, 3, 12)
	f.Fuzz(func(t *testing.T, src []byte, w, h, stride int) {
		out := YUYVToI420(nil, src, w%64, h%64, stride%512)
		if out != nil && len(out) != I420Layout(w%64, h%64).Size() {
			t.Fatalf("%d bytes for %dx%d", len(out), w%64, h%64)
		}
	})
}

func BenchmarkYUYVToI420(b *testing.B) {
	for _, sz := range [][2]int{{1920, 1080}, {640, 480}} {
		w, h := sz[0], sz[1]
		b.Run(fmt.Sprintf("%dx%d", w, h), func(b *testing.B) {
			src := make([]byte, w*h*2)
			for i := range src {
				src[i] = byte(i)
			}
			dst := YUYVToI420(nil, src, w, h, 2*w)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst = YUYVToI420(dst, src, w, h, 2*w)
			}
		})
	}
}
