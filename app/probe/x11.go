package probe

import (
	"fmt"
	"image"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// X11 is a Screen read from an X server's root window (Xvfb, or a Linux
// desktop running X; not Wayland), over the X protocol in pure Go.
type X11 struct {
	conn *xgb.Conn
	root xproto.Window
	w, h int
	bpp  int // bytes per pixel of the root's ZPixmap images: 4 at depth 24 or 32
}

// OpenX11 connects to display (":99"; "" is $DISPLAY).
func OpenX11(display string) (*X11, error) {
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("probe: connecting to the X display %q: %w", display, err)
	}
	setup := xproto.Setup(conn)
	scr := setup.DefaultScreen(conn)
	bpp := 0
	for _, f := range setup.PixmapFormats {
		if f.Depth == scr.RootDepth {
			bpp = int(f.BitsPerPixel) / 8
		}
	}
	if bpp != 4 {
		conn.Close()
		return nil, fmt.Errorf("probe: the X screen has depth %d at %d bytes a pixel; only 24 or 32 bits at 4 bytes are read", scr.RootDepth, bpp)
	}
	return &X11{conn: conn, root: scr.Root, w: int(scr.WidthInPixels), h: int(scr.HeightInPixels), bpp: bpp}, nil
}

// Size is the root window's size.
func (x *X11) Size() (w, h int) { return x.w, x.h }

// Grab reads r off the root window (GetImage) and converts it to luma.
// Pixels are the server's 32-bit little-endian BGRX, as Xvfb and common
// TrueColor visuals lay them out.
func (x *X11) Grab(r image.Rectangle, buf []uint8) ([]uint8, error) {
	r = r.Intersect(image.Rect(0, 0, x.w, x.h))
	n := r.Dx() * r.Dy()
	if n == 0 {
		return buf[:0], nil
	}
	img, err := xproto.GetImage(x.conn, xproto.ImageFormatZPixmap, xproto.Drawable(x.root),
		int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0xffffffff).Reply()
	if err != nil {
		return buf, fmt.Errorf("probe: GetImage %v: %w", r, err)
	}
	if len(img.Data) < n*x.bpp {
		return buf, fmt.Errorf("probe: GetImage %v returned %d bytes, want %d", r, len(img.Data), n*x.bpp)
	}
	if cap(buf) < n {
		buf = make([]uint8, n)
	}
	buf = buf[:n]
	for i := range buf {
		p := img.Data[i*4 : i*4+3 : i*4+3]
		buf[i] = luma(p[2], p[1], p[0])
	}
	return buf, nil
}

// Close closes the connection.
func (x *X11) Close() { x.conn.Close() }

// luma is BT.601 luma, in integers.
func luma(r, g, b uint8) uint8 {
	return uint8((299*uint32(r) + 587*uint32(g) + 114*uint32(b) + 500) / 1000)
}
