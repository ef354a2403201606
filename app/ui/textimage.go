package ui

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// A readout over a live picture is drawn as one image, made again only when
// its text changes, rather than as a label. Fyne paints the whole window on
// every frame, and a label is a rectangle and one text object per line:
// each a draw call, and under software rendering (Xvfb, or a machine
// without a GPU driver) a pass of the CPU over its pixels. The profile of
// the window at 1280x720 put the readout at 3.5 ms of each frame's 22;
// drawn as one image it is a single textured quad.

// textImage shows monospace text on a translucent backdrop as one canvas
// image. Its fields belong to the UI goroutine.
type textImage struct {
	img   *canvas.Image
	Text  string  // the text shown
	scale float32 // the canvas scale it was drawn for
}

func newTextImage() *textImage {
	t := &textImage{img: canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))}
	t.img.FillMode = canvas.ImageFillStretch
	t.img.ScaleMode = canvas.ImageScaleFastest // drawn at its own pixels
	t.img.SetMinSize(fyne.Size{})
	return t
}

// SetText draws text for a canvas of the given scale (device pixels per
// Fyne unit) when it differs from what is shown, and reports whether it
// did; the caller refreshes the containers around it.
func (t *textImage) SetText(text string, scale float32) bool {
	if scale <= 0 {
		scale = 1
	}
	if text == t.Text && scale == t.scale {
		return false
	}
	t.Text, t.scale = text, scale
	if text == "" {
		t.img.Image = image.NewRGBA(image.Rect(0, 0, 1, 1))
		t.img.SetMinSize(fyne.Size{})
		t.img.Refresh()
		return true
	}
	face, err := monoFace(theme.TextSize() * scale)
	if err != nil {
		fyne.LogError("drawing a readout", err)
		return false
	}
	pad := int(math.Round(float64(theme.InnerPadding() * scale)))
	rgba := drawText(text, face, pad, theme.Color(theme.ColorNameForeground), readoutBackdrop)
	t.img.Image = rgba
	b := rgba.Bounds()
	t.img.SetMinSize(fyne.NewSize(float32(b.Dx())/scale, float32(b.Dy())/scale))
	t.img.Refresh()
	return true
}

// readoutBackdrop is what a readout is drawn on: dark, and translucent so the
// picture shows through.
var readoutBackdrop = color.NRGBA{A: 0x99}

// monoFaces caches the theme's monospace face by size in pixels.
var monoFaces struct {
	sync.Mutex
	font  *opentype.Font
	faces map[float32]font.Face
}

// monoFace returns the theme's monospace font at size pixels to the em,
// its glyphs cached (glyphcache.go).
func monoFace(size float32) (font.Face, error) {
	monoFaces.Lock()
	defer monoFaces.Unlock()
	if f, ok := monoFaces.faces[size]; ok {
		return f, nil
	}
	if monoFaces.font == nil {
		f, err := opentype.Parse(theme.TextMonospaceFont().Content())
		if err != nil {
			return nil, fmt.Errorf("reading the theme's monospace font: %w", err)
		}
		monoFaces.font, monoFaces.faces = f, map[float32]font.Face{}
	}
	face, err := sizeMonoFont(monoFaces.font, size)
	if err != nil {
		return nil, err
	}
	cached := newGlyphCache(face)
	monoFaces.faces[size] = cached
	return cached, nil
}

// sizeMonoFont is the face the readouts draw with: f at size pixels to the
// em, hinted, not cached.
func sizeMonoFont(f *opentype.Font, size float32) (font.Face, error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("sizing the theme's monospace font to %g px: %w", size, err)
	}
	return face, nil
}

// drawText renders text's lines in fg over bg with pad pixels around them,
// into a new image the caller owns.
func drawText(text string, face font.Face, pad int, fg, bg color.Color) *image.RGBA {
	lines := strings.Split(text, "\n")
	m := face.Metrics()
	lineH := m.Height.Ceil()
	width := 0
	for _, l := range lines {
		width = max(width, font.MeasureString(face, l).Ceil())
	}
	out := image.NewRGBA(image.Rect(0, 0, width+2*pad, len(lines)*lineH+2*pad))
	draw.Draw(out, out.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	d := font.Drawer{Dst: out, Src: image.NewUniform(fg), Face: face}
	for i, l := range lines {
		d.Dot = fixed.Point26_6{X: fixed.I(pad), Y: fixed.I(pad+i*lineH) + m.Ascent}
		d.DrawString(l)
	}
	return out
}
