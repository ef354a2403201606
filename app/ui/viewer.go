package ui

import (
	"context"
	"image"
	"io"
	"log"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/assets"
)

// readoutEvery is how often the readouts are refreshed (readTile).
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
	// Advertise makes the viewer known on the local network (DNS-SD), so
	// that picam finds it without an address, unless it listens on
	// loopback only. Tests leave it off: nothing of theirs leaves the machine.
	Advertise bool
}

// Viewer is the main window and the receive.Handler that feeds it.
type Viewer struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	log  *log.Logger

	tips      *tipLayer
	status    *statusLine
	charts    *chartPanel       // charts.go
	grid      *fyne.Container   // the cameras' tiles (tiles.go)
	help      *widget.Label     // what to run on the Pi, while no camera streams
	helpBox   fyne.CanvasObject // help, scrolled
	video     *fyne.Container   // grid, or help
	split     *container.Split  // the pictures above the charts
	body      *fyne.Container   // video, or split while the charts show
	recordBtn *tipButton        // record.go

	// uiMu serialises the callbacks this viewer hands to fyne.Do. In the
	// real app they already run one by one on the main goroutine; Fyne's test
	// driver runs them on the caller's goroutine, and this keeps them apart.
	uiMu sync.Mutex
	// Owned by the UI callbacks (under uiMu).
	set        settings.Settings
	tiles      []*tile                    // in the order they came
	focused    *tile                      // what Save and Record act on; nil without tiles
	bySession  map[*receive.Session]*tile // where each session shows
	zoomed     bool                       // the focused tile fills the window
	noReadouts bool                       // the readouts are hidden
	actualSize bool                       // the pictures at 1:1, not fitted
	waiting    string                     // "Waiting for a camera on …"
	moved      string                     // why sessions end while the port changes
	server     *receive.Server
	stopServe  context.CancelFunc
	served     sync.WaitGroup                // the listener, its sessions, the demo camera
	playing    sync.WaitGroup                // recordings playing (playback.go), camera URLs watched (camera_url.go)
	watching   map[string]context.CancelFunc // camera URLs watched, by name, and how to stop each
	recorder   *recording                    // record.go; nil when not recording

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
	v := &Viewer{app: a, opts: opts, set: opts.Settings, log: opts.Log, closed: make(chan struct{}),
		meas: stats.NewMeasurements(), bySession: map[*receive.Session]*tile{}}
	if v.log == nil {
		v.log = log.New(io.Discard, "", 0)
	}
	v.win = a.NewWindow("Vidstream")
	// after runs fn as a UI callback after d, unless the viewer has closed
	// by then (a status message's timer outlives the window).
	after := func(d time.Duration, fn func()) {
		time.AfterFunc(d, func() {
			select {
			case <-v.closed:
			default:
				v.do(fn)
			}
		})
	}
	v.tips = newTipLayer(after)
	v.status = newStatusLine(after)
	v.status.details = v.showStatusDetails
	v.status.setStanding("Starting…")

	v.grid = &fyne.Container{Layout: &gridLayout{v: v}}
	v.help = widget.NewLabel("")
	v.help.TextStyle = fyne.TextStyle{Monospace: true}
	v.help.Wrapping = fyne.TextWrapWord
	v.helpBox = container.NewVScroll(container.NewPadded(v.help))
	v.video = container.NewStack(v.helpBox)
	v.charts = newChartPanel()
	v.split = container.NewVSplit(v.video, v.charts.box)
	v.split.Offset = 0.6
	v.body = container.NewStack(v.video)
	if opts.Charts {
		v.charts.shown.Store(true)
		v.body.Objects = []fyne.CanvasObject{v.split}
	}

	key := shortcutName()
	v.recordBtn = newTipButton(v.tips, "", theme.MediaRecordIcon(), "Record the focused camera's stream into the save folder ("+key+"+R)", v.ToggleRecording)
	bar := container.NewHBox(
		newTipButton(v.tips, "", theme.DocumentSaveIcon(), "Save a snapshot and the measurement summary ("+key+"+S)", v.Save),
		v.recordBtn,
		newTipButton(v.tips, "", theme.FolderOpenIcon(), "Open the save folder", v.OpenSaveFolder),
		newTipButton(v.tips, "", theme.NewThemedResource(assets.ChartIcon()), "Show or hide the charts (C)", v.ToggleCharts),
		newTipButton(v.tips, "", theme.ContentClearIcon(), "Start a new measurement session", v.NewMeasurement),
		newTipButton(v.tips, "", theme.SettingsIcon(), "Settings", v.ShowSettings),
	)
	content := container.NewBorder(nil, container.NewBorder(nil, nil, nil, bar, v.status), nil, nil, v.body)
	v.win.SetContent(container.NewStack(content, v.tips.box))
	v.win.SetMainMenu(v.mainMenu())
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
	v.playing.Wait()
	v.refreshed.Wait()
	if !first {
		return
	}
	v.stopRecordingNow()
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

// refreshReadout redraws the readouts of the live tiles whose frames have
// not done it lately (a stalled stream), and the recording's progress (UI
// goroutine).
func (v *Viewer) refreshReadout() {
	now := time.Now()
	for _, t := range v.tiles {
		if t.session != nil && t.live && now.Sub(t.readAt) >= 2*readoutEvery {
			v.readTile(t, now)
		}
	}
	if v.recorder != nil {
		v.updateStanding() // its size and length
	}
}

// readTile refreshes a live tile's readout and the size its JPEGs decode
// to, and logs the readout once a second with -v (UI goroutine). Frames
// call it as they are shown, at most every readoutEvery, so that the
// readout changes in the paint that shows a frame: a readout refreshed on a
// timer of its own would cost the window a paint of its own (and under
// software rendering, a pass over every pixel) several times a second.
func (v *Viewer) readTile(t *tile, now time.Time) {
	t.readAt = now
	// Decode JPEGs no larger than the picture is shown.
	scale := v.win.Canvas().Scale()
	size := t.img.Size()
	t.session.SetFit(image.Pt(int(size.Width*scale+0.5), int(size.Height*scale+0.5)))
	text := v.refreshTile(t, now)
	if v.opts.Verbose && now.Sub(t.loggedAt) >= time.Second {
		t.loggedAt = now
		v.log.Printf("readout %s: %s", t.name, oneLine(text))
	}
}

// refreshTile redraws t's readout from its session's meter and logs a new
// decode error whole (UI goroutine). It returns the readout's text.
func (v *Viewer) refreshTile(t *tile, now time.Time) string {
	snap := t.session.Meter.Snapshot(now)
	text := readout(t.session, t.frame, snap)
	shown := text
	if len(v.grid.Objects) > 1 {
		shown = compactReadout(t.session, t.frame, snap)
	}
	if t.readout.SetText(shown, v.win.Canvas().Scale()) {
		t.overlay.Refresh()
	}
	if e := snap.LastError; e != t.lastErr {
		t.lastErr = e // the tile shows it wrapped and cut; the log has it whole
		t.setError(e)
		if e != "" {
			v.log.Printf("stream from %s: %s", t.session.Remote, e)
		}
	}
	return text
}

// setStatus shows a one-off message in the status line and logs it (UI
// goroutine); after a while the standing state returns (status.go).
func (v *Viewer) setStatus(msg string) {
	v.status.message(msg, time.Now())
	v.log.Print(msg)
}
