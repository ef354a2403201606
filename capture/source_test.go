package capture

import (
	"context"
	"errors"
	"testing"

	"github.com/vidstream/vidstream/wire/jpeg"
	"github.com/vidstream/vidstream/wire/pixel"
)

var _ Source = (*TestSource)(nil)

// checkSource exercises the Source contract on src: a valid Hello, frames
// numbered from 0 with raw payloads of the Hello's layout size, ctx.Err()
// for a cancelled context, and ErrClosed after Close.
func checkSource(t *testing.T, src Source) {
	t.Helper()
	h := src.Hello()
	if err := h.Validate(); err != nil {
		t.Fatalf("Hello %+v: %v", h, err)
	}
	for i := range 3 {
		f, err := src.Next(context.Background())
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if f.Seq != uint64(i) {
			t.Errorf("frame %d: seq %d", i, f.Seq)
		}
		if h.Layout.Format.IsRaw() && len(f.Data) != h.Layout.Size() {
			t.Errorf("frame %d: %d bytes, layout %v has %d", i, len(f.Data), h.Layout, h.Layout.Size())
		}
		if !h.Layout.Format.IsRaw() && !jpeg.IsJPEG(f.Data) {
			t.Errorf("frame %d: not a JPEG", i)
		}
		if f.Time.IsZero() {
			t.Errorf("frame %d: no capture time", i)
		}
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("stop"))
	if _, err := src.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next with a cancelled ctx: %v, want context.Canceled", err)
	}
	if err := src.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := src.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close: %v, want ErrClosed", err)
	}
}

func TestSourceContract(t *testing.T) {
	for _, f := range []pixel.Format{pixel.FormatJPEG, pixel.FormatI420, pixel.FormatRGB24, pixel.FormatGray} {
		t.Run(f.String(), func(t *testing.T) {
			src, err := NewTestSource(48, 32, f, 0)
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, src)
		})
	}
}

// TestFrameDataOwnedBySource checks the documented ownership: a raw
// TestSource reuses one buffer, so a frame's Data is only valid until the
// next Next.
func TestFrameDataOwnedBySource(t *testing.T) {
	src, err := NewTestSource(48, 32, pixel.FormatI420, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	a, _ := src.Next(context.Background())
	b, _ := src.Next(context.Background())
	if &a.Data[0] != &b.Data[0] {
		t.Error("consecutive frames do not share the source's buffer")
	}
}
