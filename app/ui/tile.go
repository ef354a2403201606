package ui

import (
	"image"
	"image/color"
	"net"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
)

// A tile is one camera's place in the window: its picture, its readouts,
// and the session that feeds it. Each connection is its own session with
// its own decoder, meter and records; the window tiles them (tiles.go). A
// camera that leaves keeps its tile and last picture, marked as
// disconnected, until it comes back (a new session from the same camera
// takes the tile over) or the user closes the tile.

// tile is one camera on screen. Its fields belong to the UI callbacks
// (under the viewer's uiMu).
type tile struct {
	key  string // who the camera is, to know it when it comes back (cameraKey)
	name string // who it is, as a person reads it (senderName)

	session *receive.Session // the newest session shown here; kept after it ends, for its readouts
	live    bool             // session is streaming
	frame   *receive.Frame   // the newest frame shown; nil before the first. Owned by session: valid until its next Take, and for good once it has ended

	img      *canvas.Image
	view     *container.Scroll // img: fit to the tile, or at 1:1 and scrolled (setActualSize)
	probe    *paintProbe       // tells when a frame handed to img was painted
	readout  *textImage        // on its backdrop
	overlay  *fyne.Container   // the readout on its backdrop, and the last error
	errLine  *widget.Label     // the last error, wrapped to the tile's width
	errBox   *fyne.Container   // errLine on its backdrop; hidden without an error
	badge    *fyne.Container   // "disconnected", with a close button; hidden while live
	gone     *widget.Label     // the badge's text
	outline  *canvas.Rectangle
	obj      fyne.CanvasObject // the whole tile
	lastErr  string            // the last decode error logged
	readAt   time.Time         // when the readout was last refreshed (readTile)
	loggedAt time.Time         // when it was last logged, with -v
}

// newTile builds an empty tile; focus is called when it is clicked, full
// when it is double-clicked, and closed by its close button (whose tip
// shows in tips).
func newTile(tips *tipLayer, focus, full, closed func(*tile)) *tile {
	t := &tile{}
	t.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, wire.SeedWidth, wire.SeedHeight)))
	t.img.FillMode = canvas.ImageFillContain
	t.img.ScaleMode = canvas.ImageScaleFastest

	t.readout = newTextImage()
	t.errLine = widget.NewLabel("")
	t.errLine.Wrapping = fyne.TextWrapWord
	t.errBox = container.NewStack(canvas.NewRectangle(color.NRGBA{R: 0x50, A: 0xbb}), t.errLine)
	t.errBox.Hide()
	// The error sits in the VBox itself, not in the HBox beside the readout:
	// it gets the tile's width and wraps within it.
	t.overlay = container.NewVBox(container.NewHBox(t.readout.img), t.errBox)

	probe, probeObj := newPaintProbe(func(h handed, at time.Time) { h.session.Meter.Painted(h.captured, h.ready, at) })
	t.probe = probe

	t.gone = widget.NewLabel("")
	t.gone.Wrapping = fyne.TextWrapWord
	closeBtn := newTipButton(tips, "", theme.WindowCloseIcon(), "Close this camera's tile", func() { closed(t) })
	badgeBack := canvas.NewRectangle(color.NRGBA{R: 0x60, A: 0xcc})
	t.badge = container.NewBorder(nil, container.NewStack(badgeBack, container.NewBorder(nil, nil, nil, closeBtn, t.gone)), nil, nil, layout.NewSpacer())
	t.badge.Hide()

	t.outline = canvas.NewRectangle(color.Transparent)
	t.outline.StrokeColor = theme.Color(theme.ColorNamePrimary)
	t.outline.StrokeWidth = 3
	t.outline.Hide()

	taps := newTapArea(func() { focus(t) }, func() { full(t) })
	// No backdrop under the picture: each full-size object costs a pass of
	// the GPU (of the CPU, under software rendering) on every frame, and
	// the window's own background shows in the letterbox bars.
	t.view = container.NewScroll(t.img) // fitting, img fills it; at 1:1 it clips and scrolls
	t.obj = container.NewStack(t.view, probeObj, taps,
		container.NewPadded(t.overlay), t.badge, t.outline)
	return t
}

// setError shows the last error under the readout, or hides the line.
func (t *tile) setError(e string) {
	text := errorText(e)
	if text == t.errLine.Text {
		return
	}
	t.errLine.SetText(text)
	if text == "" {
		t.errBox.Hide()
	} else {
		t.errBox.Show()
	}
	t.overlay.Refresh()
}

// attach makes s the tile's session (a new camera, or one come back).
func (t *tile) attach(s *receive.Session) {
	t.session, t.live, t.lastErr = s, true, ""
	t.key, t.name = cameraKey(s), senderName(s)
	t.badge.Hide()
	t.setError("")
}

// show puts frame f of the tile's session on screen.
func (t *tile) show(f *receive.Frame) {
	t.frame = f
	t.img.Image = f.Image
	t.img.Refresh()
	t.probe.handOver(t.session, f)
}

// leave marks the tile's camera as gone, its last picture kept; why is in
// plain words.
func (t *tile) leave(why string, at time.Time) {
	t.live = false
	t.gone.SetText("Disconnected at " + at.Format("15:04:05") + ": " + why + ". The last picture stays until the camera is back or you close this.")
	t.badge.Show()
}

// setActualSize shows the picture at one image pixel to one screen pixel
// (scrolled when larger than the tile), or fitted to the tile.
func (t *tile) setActualSize(on bool) {
	if on {
		t.img.FillMode = canvas.ImageFillOriginal
	} else {
		t.img.FillMode = canvas.ImageFillContain
		t.view.ScrollToTop()
		t.view.Offset = fyne.Position{}
	}
	t.img.Refresh()
	t.view.Refresh()
}

// setFocused shows or hides the focus outline.
func (t *tile) setFocused(on bool) {
	if on {
		t.outline.Show()
	} else {
		t.outline.Hide()
	}
	t.outline.Refresh()
}

// cameraKey is who streams in s, to know the camera again on its next
// connection: its hello's name and its host (the port changes with each
// connection), or the host alone for a stream without a name.
func cameraKey(s *receive.Session) string {
	if strings.Contains(s.Remote, "://") {
		return s.Remote // a camera URL (camera_url.go)
	}
	host, _, err := net.SplitHostPort(s.Remote)
	if err != nil {
		host = s.Remote
	}
	if _, hello := s.Stream(); hello != nil && hello.Name != "" {
		return hello.Name + "@" + host
	}
	return host
}

// tapArea is a transparent widget under a tile's readouts that takes its
// clicks: one focuses the tile, two go full screen.
type tapArea struct {
	widget.BaseWidget
	tap, double func()
}

func newTapArea(tap, double func()) *tapArea {
	a := &tapArea{tap: tap, double: double}
	a.ExtendBaseWidget(a)
	return a
}

// Tapped implements fyne.Tappable.
func (a *tapArea) Tapped(*fyne.PointEvent) { a.tap() }

// DoubleTapped implements fyne.DoubleTappable.
func (a *tapArea) DoubleTapped(*fyne.PointEvent) { a.double() }

// CreateRenderer implements fyne.Widget: there is nothing to draw.
func (a *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
