package settings

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// Bounds of the settings that Validate enforces.
const (
	minPort, maxPort     = 1, 65535
	minWindow, maxWindow = time.Second, time.Hour
)

// Keys of the settings in fyne.Preferences.
const (
	keyPort      = "port"           // int
	keyFrameSize = "frame_size"     // string, "320x240"
	keyWindow    = "window_seconds" // float, seconds
	keySaveDir   = "save_dir"       // string
	keyYUVColor  = "yuv_color"      // bool
	keyCameras   = "cameras"        // int
	keyPlain     = "accept_plain"   // bool
)

// Settings are the viewer's user settings.
type Settings struct {
	Port      int           // TCP port the viewer listens on
	FrameSize image.Point   // size of raw (yuv/rgb) frames, which carry none
	Window    time.Duration // length of a measurement record window
	SaveDir   string        // folder snapshots and summaries are saved to
	YUVColor  bool          // show raw YUV frames in colour instead of grey
	Cameras   int           // cameras the window shows at once, 1..receive.MaxCameras
	// AcceptPlain shows unencrypted senders (the blog post's client.py,
	// picam -plain), marked as such; off, only paired cameras over TLS
	// stream.
	AcceptPlain bool
}

// DefaultCameras is how many cameras the window shows at once unless the
// user says otherwise.
const DefaultCameras = 4

// Defaults returns the settings of the post: port 1308 (wire.DefaultPort),
// 320x240 frames (wire.SeedWidth, SeedHeight), 10-second records
// (stats.DefaultWindow), saving to save.DefaultDir(), YUV shown grey; and
// DefaultCameras at once, the post's client (unencrypted) accepted.
func Defaults() Settings {
	return Settings{
		Port:      wire.DefaultPort,
		FrameSize: image.Point{X: wire.SeedWidth, Y: wire.SeedHeight},
		Window:    stats.DefaultWindow,
		SaveDir:   save.DefaultDir(),
		YUVColor:  false,
		Cameras:   DefaultCameras,

		AcceptPlain: true,
	}
}

// Load reads the settings from p. Each missing or invalid value falls back
// to its default on its own, so one bad value never loses the others.
func Load(p fyne.Preferences) Settings {
	s := Defaults()
	if port := p.IntWithFallback(keyPort, s.Port); checkPort(port) == nil {
		s.Port = port
	}
	if size, err := ParseSize(p.StringWithFallback(keyFrameSize, "")); err == nil {
		s.FrameSize = size
	}
	if w, ok := windowOf(p.FloatWithFallback(keyWindow, s.Window.Seconds())); ok {
		s.Window = w
	}
	if dir := p.StringWithFallback(keySaveDir, ""); checkSaveDir(dir) == nil {
		s.SaveDir = save.ExpandDir(dir) // one stored before "~" was expanded
	}
	s.YUVColor = p.BoolWithFallback(keyYUVColor, s.YUVColor)
	if n := p.IntWithFallback(keyCameras, s.Cameras); checkCameras(n) == nil {
		s.Cameras = n
	}
	s.AcceptPlain = p.BoolWithFallback(keyPlain, s.AcceptPlain)
	return s
}

// Store writes every setting to p, as given; the window is kept to the
// millisecond.
func (s Settings) Store(p fyne.Preferences) {
	p.SetInt(keyPort, s.Port)
	p.SetString(keyFrameSize, FormatSize(s.FrameSize))
	p.SetFloat(keyWindow, s.Window.Seconds())
	p.SetString(keySaveDir, s.SaveDir)
	p.SetBool(keyYUVColor, s.YUVColor)
	p.SetInt(keyCameras, s.Cameras)
	p.SetBool(keyPlain, s.AcceptPlain)
}

// Validate reports every setting out of bounds: port 1..65535, each side of
// the frame size 16..8192, window 1 s..1 h, a save folder given, 1 to
// receive.MaxCameras cameras at once. It returns
// nil when all are valid.
func (s Settings) Validate() error {
	var errs []error
	if err := checkPort(s.Port); err != nil {
		errs = append(errs, err)
	}
	if err := checkSize(s.FrameSize); err != nil {
		errs = append(errs, fmt.Errorf("frame %w", err))
	}
	if s.Window < minWindow || s.Window > maxWindow {
		errs = append(errs, fmt.Errorf("window %v is out of range %v..%v", s.Window, minWindow, maxWindow))
	}
	if err := checkSaveDir(s.SaveDir); err != nil {
		errs = append(errs, err)
	}
	if err := checkCameras(s.Cameras); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func checkCameras(n int) error {
	if n < 1 || n > receive.MaxCameras {
		return fmt.Errorf("cameras at once %d is out of range 1..%d", n, receive.MaxCameras)
	}
	return nil
}

func checkPort(port int) error {
	if port < minPort || port > maxPort {
		return fmt.Errorf("port %d is out of range %d..%d", port, minPort, maxPort)
	}
	return nil
}

func checkSaveDir(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return errors.New("no save folder given")
	}
	return nil
}

// windowOf turns stored seconds into a window, rounded to the millisecond;
// ok is false outside minWindow..maxWindow (NaN included).
func windowOf(sec float64) (time.Duration, bool) {
	if !(sec >= minWindow.Seconds() && sec <= maxWindow.Seconds()) {
		return 0, false
	}
	return time.Duration(math.Round(sec*1e3)) * time.Millisecond, true
}
