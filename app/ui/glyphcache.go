package ui

import (
	"image"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// A readout is drawn again four times a second, on the UI goroutine and in
// the callback that hands a frame to the picture, so before that frame's
// paint. x/image's opentype face rasterizes every glyph from its outline
// each time: about 0.7 ms for a readout of eight lines
// (BenchmarkReadoutText), most of the UI goroutine's work on such a frame. The readouts use a few dozen
// characters, so each is rasterized once and its mask kept.

// maxCachedGlyphs bounds a glyphCache: a camera's name is the sender's to
// choose, and a stream of new characters must not grow the cache without
// end. Past it the cache starts again.
const maxCachedGlyphs = 1024

// glyphKey is a glyph at a sub-pixel position: the mask depends on the
// dot's fraction of a pixel, not on its whole pixels.
type glyphKey struct {
	r      rune
	fx, fy fixed.Int26_6
}

// cachedGlyph is a rasterized glyph, placed relative to the dot's whole
// pixels. mask is the cache's own copy.
type cachedGlyph struct {
	dr      image.Rectangle
	mask    *image.Alpha
	advance fixed.Int26_6
	ok      bool
}

// glyphCache is a font.Face that keeps the masks its face rasterizes. It
// is safe for concurrent use.
type glyphCache struct {
	font.Face
	mu       sync.Mutex
	glyphs   map[glyphKey]cachedGlyph
	advances map[rune]glyphAdvance
}

type glyphAdvance struct {
	advance fixed.Int26_6
	ok      bool
}

// newGlyphCache wraps f, which the cache then owns.
func newGlyphCache(f font.Face) *glyphCache {
	return &glyphCache{Face: f, glyphs: map[glyphKey]cachedGlyph{}, advances: map[rune]glyphAdvance{}}
}

// Glyph implements font.Face. The mask it returns belongs to the cache and
// stays valid, unchanged, for as long as the cache lives (unlike the
// wrapped face's, which its next call overwrites).
func (c *glyphCache) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	whole := image.Pt(dot.X.Floor(), dot.Y.Floor())
	key := glyphKey{r: r, fx: dot.X - fixed.I(whole.X), fy: dot.Y - fixed.I(whole.Y)}
	c.mu.Lock()
	defer c.mu.Unlock()
	g, hit := c.glyphs[key]
	if !hit {
		dr, mask, maskp, advance, ok := c.Face.Glyph(fixed.Point26_6{X: key.fx, Y: key.fy}, r)
		g = cachedGlyph{dr: dr, advance: advance, ok: ok, mask: image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))}
		if ok && mask != nil {
			draw.Draw(g.mask, g.mask.Rect, mask, maskp, draw.Src)
		}
		if len(c.glyphs) >= maxCachedGlyphs {
			clear(c.glyphs)
		}
		c.glyphs[key] = g
	}
	return g.dr.Add(whole), g.mask, image.Point{}, g.advance, g.ok
}

// GlyphAdvance implements font.Face, from the cache.
func (c *glyphCache) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, hit := c.advances[r]
	if !hit {
		a.advance, a.ok = c.Face.GlyphAdvance(r)
		if len(c.advances) >= maxCachedGlyphs {
			clear(c.advances)
		}
		c.advances[r] = a
	}
	return a.advance, a.ok
}
