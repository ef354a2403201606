package ui

import (
	"image"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/vidstream/vidstream/app/chart"
)

// The chart panel: the post's plots of the measurement session, live
// (app/chart draws them). It is drawn off the UI goroutine at the panel's
// size in pixels (the screen's scale included, so that it stays sharp on a
// Retina display) whenever a record window closes or the panel is
// resized, and only while it is shown; a new drawing replaces the old one
// in one step on the UI goroutine.

// chartPanel is the panel: its image, and its size as last laid out.
type chartPanel struct {
	img     *canvas.Image
	box     *fyne.Container // the panel: img, laid out by chartLayout
	want    chan struct{}   // a drawing is needed (coalesced)
	shown   atomic.Bool
	size    fyne.Size // UI goroutine: as last laid out
	scale   float32   // UI goroutine
	drawing atomic.Int64
}

// newChartPanel returns a hidden panel.
func newChartPanel() *chartPanel {
	p := &chartPanel{want: make(chan struct{}, 1)}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	p.img.FillMode = canvas.ImageFillStretch // drawn at the panel's exact size
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.box = &fyne.Container{Layout: chartLayout{p}, Objects: []fyne.CanvasObject{p.img}}
	return p
}

// request asks for a new drawing (any goroutine).
func (p *chartPanel) request() {
	select {
	case p.want <- struct{}{}:
	default:
	}
}

// chartLayout fills the panel with the image and asks for a drawing at the
// new size.
type chartLayout struct{ p *chartPanel }

func (l chartLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size != l.p.size {
		l.p.size = size
		l.p.request()
	}
}

func (chartLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 120) }

// drawCharts redraws the panel whenever asked or a window closes, while
// it is shown, until the viewer closes (a goroutine of the viewer).
func (v *Viewer) drawCharts() {
	p := v.charts
	for {
		select {
		case <-v.closed:
			return
		case <-v.meas.Changed():
		case <-p.want:
		}
		if !p.shown.Load() {
			continue
		}
		var size fyne.Size
		var scale float32
		fyne.DoAndWait(func() {
			v.uiMu.Lock()
			defer v.uiMu.Unlock()
			size, scale = p.size, v.win.Canvas().Scale()
		})
		if size.Width < 1 || size.Height < 1 {
			continue
		}
		entries, _ := v.meas.Entries()
		img, err := chart.Render(entries, float64(size.Width), float64(size.Height), float64(scale), chart.Dark)
		if err != nil {
			v.log.Printf("chart: %v", err)
			continue
		}
		p.drawing.Add(1)
		v.do(func() {
			p.img.Image = img
			p.img.Refresh()
		})
	}
}

// ToggleCharts shows or hides the chart panel below the picture (UI
// goroutine).
func (v *Viewer) ToggleCharts() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	show := !v.charts.shown.Load()
	v.charts.shown.Store(show)
	if show {
		v.body.Objects = []fyne.CanvasObject{v.split}
	} else {
		v.body.Objects = []fyne.CanvasObject{v.video}
	}
	v.body.Refresh()
	v.charts.request()
}
