package app

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
)

// options are the command line's.
type options struct {
	headless  bool
	demo      bool
	verbose   bool
	charts    bool
	listen    string
	size      image.Point
	window    time.Duration
	records   int
	summary   string
	snapshot  string
	input     string
	url       string
	stats     string
	color     bool
	timeout   time.Duration
	decoders  int
	cpuprof   string
	keys      string          // -keys: the viewer's key pair and allowed cameras; "" = the default folder
	plain     bool            // -accept-plain
	refuseNew bool            // -refuse-new (headless)
	set       map[string]bool // flags given explicitly
}

const usage = `Vidstream shows a Raspberry Pi camera live.

  vidstream [-demo] [-charts] [-listen ADDR] [-url URL] [-size WxH] [-window 10s] [-color]
  vidstream -headless [-listen ADDR | -input FILE | -url URL] [-size WxH] [-window 10s]
            [-records N] [-summary FILE.csv] [-snapshot FILE.jpg|.png] [-stats FILE.json]

Flags:
`

// parseFlags reads args (without the program name).
func parseFlags(args []string, errOut io.Writer) (options, error) {
	o := options{set: map[string]bool{}}
	fs := flag.NewFlagSet("vidstream", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprint(errOut, usage)
		fs.PrintDefaults()
	}
	def := settings.Defaults()
	size := fmt.Sprintf("%dx%d", def.FrameSize.X, def.FrameSize.Y)
	fs.BoolVar(&o.headless, "headless", false, "run without a window: print the post's records and a total")
	fs.BoolVar(&o.demo, "demo", false, "start the built-in test camera")
	fs.BoolVar(&o.verbose, "v", false, "log the readouts once a second")
	fs.BoolVar(&o.charts, "charts", false, "open with the chart panel shown")
	fs.StringVar(&o.listen, "listen", receive.ListenAddr(def.Port), "address to listen on")
	fs.Func("size", "size of raw (yuv/rgb/grey) frames in seed streams, WxH (default "+size+")", func(s string) error {
		p, err := settings.ParseSize(s)
		o.size = p
		return err
	})
	fs.DurationVar(&o.window, "window", def.Window, "measurement window of each record")
	fs.IntVar(&o.records, "records", 0, "headless: stop after N records (0: at the end of the first stream)")
	fs.StringVar(&o.summary, "summary", "", "headless: write the summary CSV to FILE")
	fs.StringVar(&o.snapshot, "snapshot", "", "headless: write the last frame to FILE (.jpg or .png)")
	fs.StringVar(&o.stats, "stats", "", "headless: write the run's statistics to FILE as JSON (frames, drops, latency, CPU and allocations per frame, peak RSS, decoder)")
	fs.StringVar(&o.input, "input", "", "headless: decode every frame of a recorded stream (seed, v2, concatenated JPEGs or raw H.264) as fast as possible, instead of listening")
	fs.StringVar(&o.url, "url", "", "open a camera that serves its stream: http://HOST:PORT/PATH (MJPEG: mjpg-streamer, uStreamer, picamera2,\n"+
		"motion, ESP32-CAM; user:password@ for a login) or tcp://HOST:PORT (MJPEG or H.264, as rpicam-vid --listen serves it)")
	fs.BoolVar(&o.color, "color", def.YUVColor, "show yuv frames in colour (default grey, as the post)")
	fs.IntVar(&o.decoders, "decoders", 0, "decode goroutines (0: one per core, at most 4)")
	fs.DurationVar(&o.timeout, "timeout", receive.DefaultFrameTimeout, "cut a sender that takes longer than this to send a frame")
	fs.StringVar(&o.cpuprof, "cpuprofile", "", "write a CPU profile of the run to FILE (for go tool pprof)")
	fs.StringVar(&o.keys, "keys", "", "folder of the viewer's key pair and the cameras it allows (default: the preferences folder;\n"+
		"headless: vidstream in the user's configuration folder)")
	fs.BoolVar(&o.plain, "accept-plain", def.AcceptPlain, "show unencrypted senders (the blog post's client.py, picam -plain), marked as such")
	fs.BoolVar(&o.refuseNew, "refuse-new", false, "headless: refuse cameras not paired before, instead of pairing with each new one without asking")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.size == (image.Point{}) {
		o.size = def.FrameSize
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.window <= 0 {
		return o, errors.New("-window must be positive")
	}
	if o.decoders < 0 || o.decoders > receive.MaxDecoders {
		return o, fmt.Errorf("-decoders must be 0..%d", receive.MaxDecoders)
	}
	if o.records < 0 {
		return o, errors.New("-records must be 0 or more")
	}
	if !o.headless && (o.set["records"] || o.set["summary"] || o.set["snapshot"] || o.set["stats"] || o.set["input"]) {
		return o, errors.New("-records, -summary, -snapshot, -stats and -input go with -headless")
	}
	if !o.headless && o.set["refuse-new"] {
		return o, errors.New("-refuse-new goes with -headless: the window asks about each new camera")
	}
	if o.set["input"] && o.set["listen"] {
		return o, errors.New("-input replays a file: it does not listen")
	}
	if o.headless && o.set["url"] && (o.set["listen"] || o.set["input"]) {
		return o, errors.New("-url opens a camera's stream: it goes without -listen and -input")
	}
	return o, nil
}

// apply returns s with the settings given on the command line in place of
// its own: the port of -listen (when it is a number), -size, -window and
// -color. A -listen that is no HOST:PORT is left to the listener, which
// says what is wrong with it.
func (o options) apply(s settings.Settings) settings.Settings {
	if _, port, err := net.SplitHostPort(o.listen); o.set["listen"] && err == nil {
		if p, err := strconv.Atoi(port); err == nil {
			s.Port = p
		}
	}
	if o.set["size"] {
		s.FrameSize = o.size
	}
	if o.set["window"] {
		s.Window = o.window
	}
	if o.set["color"] {
		s.YUVColor = o.color
	}
	if o.set["accept-plain"] {
		s.AcceptPlain = o.plain
	}
	return s
}

// tuning is what the command line says of the receiver beyond the
// settings: the host to listen on, the frame timeout and the decoders (see
// settings.Settings.Receive).
func (o options) tuning() receive.Config {
	return receive.Config{Addr: o.listen, FrameTimeout: o.timeout, Decoders: o.decoders}
}
