package ui

import (
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/vidstream/vidstream/app/receive"
)

// How the viewer knows a frame reached the screen ("shown means painted").
// Fyne has no callback for a finished paint, but it does call a Raster's
// generator while it paints a canvas, for a raster that was refreshed since
// the last paint. So a 1x1 transparent raster sits after the picture in the
// window's tree and is refreshed with each frame handed to the picture: its
// generator runs in the same paint that uploads the frame's texture, just
// after it. From there a callback queued with fyne.Do runs on the UI
// goroutine once that paint is over, after Fyne has swapped the window's
// buffers (the GLFW driver paints all windows, then swaps, then takes the
// next queued callback); that moment is "painted". What the display and the
// compositor do after the swap (a vertical blank, at most a refresh period
// more) is beyond what Fyne lets a program see.

// handed is a frame handed to the picture, waiting to be painted.
type handed struct {
	session         *receive.Session
	captured, ready time.Time
}

// paintProbe reports each frame handed to the picture once it has been
// painted, and counts as dropped the frames replaced before a paint.
type paintProbe struct {
	raster *canvas.Raster
	pixel  *image.RGBA // what the generator returns: one transparent pixel

	mu      sync.Mutex
	pending handed // handed over, not painted yet, when waiting
	waiting bool
	painted func(h handed, at time.Time)
}

// newPaintProbe returns a probe whose painted is called on the UI goroutine
// for each frame painted, and the object to put after the picture.
func newPaintProbe(painted func(h handed, at time.Time)) (*paintProbe, fyne.CanvasObject) {
	p := &paintProbe{pixel: image.NewRGBA(image.Rect(0, 0, 1, 1)), painted: painted}
	p.raster = canvas.NewRaster(p.generate)
	p.raster.Resize(fyne.NewSize(1, 1))
	return p, container.NewWithoutLayout(p.raster)
}

// handOver records a frame just given to the picture (UI goroutine) and
// asks for the probe to be painted with it. A frame handed over before the
// last one was painted replaces it: that one never reached the screen and
// is counted as dropped by its session.
func (p *paintProbe) handOver(s *receive.Session, f *receive.Frame) {
	p.mu.Lock()
	if p.waiting {
		p.pending.session.Meter.Dropped(1)
	}
	p.pending, p.waiting = handed{session: s, captured: f.Captured, ready: f.Ready}, true
	p.mu.Unlock()
	p.raster.Refresh()
}

// generate is the raster's generator: Fyne calls it while painting (see
// above). It takes the pending frame and reports it once the paint is over.
func (p *paintProbe) generate(w, h int) image.Image {
	p.mu.Lock()
	got, ok := p.pending, p.waiting
	p.pending, p.waiting = handed{}, false
	p.mu.Unlock()
	if ok {
		fyne.Do(func() { p.painted(got, time.Now()) })
	}
	return p.pixel
}
