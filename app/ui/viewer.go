package ui

import (
	"context"
	"image"
	"image/color"
	"io"
	"log"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/assets"
	"github.com/vidstream/vidstream/wire"
)

// readoutEvery is how often the readouts are refreshed.
const readoutEvery = 250 * time.Millisecond

// Options configure a Viewer.
type Options struct {
	Settings settings.Settings // where to listen, how to decode, where to save
	Demo     bool              // stream the built-in test camera into the viewer
	Charts   bool              // open with the chart panel shown
	Log      *log.Logger       // connection events; nil → discarded
	Verbose  bool              // also log the readouts once a second
	// Receive tunes the receiver beyond the settings (the host to listen
	// on, frame timeout, decoders): see settings.Settings.Receive.
	Receive receive.Config
}

// Viewer is the main window and the receive.Handler that feeds it.
type Viewer struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	log  *log.Logger

	img     *canvas.Image
	probe   *paintProbe // tells when a frame handed to img was painted
	readout *widget.Label
	overlay *fyne.Container // the readout on its backdrop, laid out anew as its text changes
	status  *widget.Label
	charts  *chartPanel       // charts.go
	video   fyne.CanvasObject // the picture and its readouts
	split   *container.Split  // the picture above the charts
	body    *fyne.Container   // video, or split while the charts show

	// uiMu serialises the callbacks this viewer hands to fyne.Do. In the
	// real app they already run one by one on the main goroutine; Fyne's test
	// driver runs them on the caller's goroutine, and this keeps them apart.
	uiMu sync.Mutex
	// Owned by the UI callbacks (under uiMu).
	set       settings.Settings
	session   *receive.Session
	frame     *receive.Frame
	waiting   string // "Waiting for a camera on …"
	lastLog   time.Time
	lastErr   string // the last decode error logged
	server    *receive.Server
	stopServe context.CancelFunc
	served    sync.WaitGroup

	// The measurement session (measure.go), and each live session's
	// connection number in it (*receive.Session → int).
	meas  *stats.Measurements
	conns sync.Map

	closeOnce sync.Once
	closed    chan struct{} // ends the readout refresh
	refreshed sync.WaitGroup
}

// New builds the window. Nothing listens until Start.
func New(a fyne.App, opts Options) *Viewer {
	opts.Receive.Displayed = true // frames count as shown once painted (paintprobe.go)
	v := &Viewer{app: a, opts: opts, set: opts.Settings, log: opts.Log, closed: make(chan struct{}), meas: stats.NewMeasurements()}
	if v.log == nil {
		v.log = log.New(io.Discard, "", 0)
	}
	v.win = a.NewWindow("Vidstream")

	placeholder := image.NewRGBA(image.Rect(0, 0, wire.SeedWidth, wire.SeedHeight))
	v.img = canvas.NewImageFromImage(placeholder)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleFastest

	v.readout = widget.NewLabel("")
	v.readout.TextStyle = fyne.TextStyle{Monospace: true}
	v.status = widget.NewLabel("Starting…")
	v.status.Truncation = fyne.TextTruncateEllipsis

	backdrop := canvas.NewRectangle(color.NRGBA{A: 0x99})
	v.overlay = container.NewVBox(container.NewHBox(container.NewStack(backdrop, v.readout)))
	probe, probeObj := newPaintProbe(func(h handed, at time.Time) { h.session.Meter.Painted(h.captured, h.ready, at) })
	v.probe = probe
	v.video = container.NewStack(canvas.NewRectangle(color.Black), v.img, probeObj, container.NewPadded(v.overlay))
	v.charts = newChartPanel()
	v.split = container.NewVSplit(v.video, v.charts.box)
	v.split.Offset = 0.6
	v.body = container.NewStack(v.video)
	if opts.Charts {
		v.charts.shown.Store(true)
		v.body.Objects = []fyne.CanvasObject{v.split}
	}

	bar := widget.NewToolbar(
		widget.NewToolbarAction(theme.DocumentSaveIcon(), v.Save),
		widget.NewToolbarAction(theme.NewThemedResource(assets.ChartIcon()), v.ToggleCharts),
		widget.NewToolbarAction(theme.ContentClearIcon(), v.NewMeasurement),
		widget.NewToolbarAction(theme.SettingsIcon(), v.ShowSettings),
	)
	v.win.SetContent(container.NewBorder(nil, container.NewBorder(nil, nil, nil, bar, v.status), nil, nil, v.body))
	v.win.Resize(fyne.NewSize(800, 600))
	v.bindKeys()
	v.win.SetOnClosed(v.Close)
	return v
}

// Window is the viewer's window.
func (v *Viewer) Window() fyne.Window { return v.win }

// do runs fn on the UI goroutine, one callback at a time.
func (v *Viewer) do(fn func()) {
	fyne.Do(func() {
		v.uiMu.Lock()
		defer v.uiMu.Unlock()
		fn()
	})
}

// Start listens as the settings say and starts the readout refresh; with
// Options.Demo it also starts the built-in camera. A listen error (a port in
// use) is shown in the window and returned; the viewer stays usable and a
// new port can be set in Settings.
func (v *Viewer) Start() error {
	v.refreshed.Go(v.refreshLoop)
	v.refreshed.Go(v.drawCharts)
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	return v.listen()
}

// Close stops the viewer for good: the listener, any session and the
// readout refresh; then it writes the records not saved yet into the save
// folder (measure.go). The window calls it when it closes.
func (v *Viewer) Close() {
	first := false
	v.closeOnce.Do(func() { close(v.closed); first = true })
	v.Stop()
	v.refreshed.Wait()
	if !first {
		return
	}
	paths, err := v.saveUnsaved()
	switch {
	case err != nil:
		v.log.Printf("closing: could not save the measurements not saved yet: %v", err)
	case len(paths) > 0:
		v.log.Printf("closing: saved the measurements not saved yet: %s", strings.Join(paths, ", "))
	}
}

// Stop ends the listener and any session, and waits for them.
func (v *Viewer) Stop() {
	v.uiMu.Lock()
	stop := v.stopServe
	v.stopServe, v.server = nil, nil
	v.uiMu.Unlock()
	if stop != nil {
		stop()
	}
	v.served.Wait()
}

// refreshLoop schedules a readout refresh every readoutEvery until Close.
func (v *Viewer) refreshLoop() {
	t := time.NewTicker(readoutEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			v.do(v.refreshReadout)
		case <-v.closed:
			return
		}
	}
}

// refreshReadout redraws the readouts (UI goroutine).
func (v *Viewer) refreshReadout() {
	if v.session == nil {
		return
	}
	// Decode JPEGs no larger than the picture is shown.
	scale := v.win.Canvas().Scale()
	size := v.img.Size()
	v.session.SetFit(image.Pt(int(size.Width*scale+0.5), int(size.Height*scale+0.5)))

	now := time.Now()
	snap := v.session.Meter.Snapshot(now)
	text := readout(v.session, v.frame, snap)
	if text != v.readout.Text {
		v.readout.SetText(text)
		v.overlay.Refresh()
	}
	if e := snap.LastError; e != v.lastErr {
		v.lastErr = e // the readout shows it cut to a line; the log has it whole
		if e != "" {
			v.log.Printf("stream from %s: %s", v.session.Remote, e)
		}
	}
	if v.opts.Verbose && now.Sub(v.lastLog) >= time.Second {
		v.lastLog = now
		v.log.Printf("readout: %s", oneLine(text))
	}
}

// setStatus changes the status line and logs it (UI goroutine).
func (v *Viewer) setStatus(msg string) {
	v.status.SetText(msg)
	v.log.Print(msg)
}
