package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/vidstream/vidstream/app/headless"
	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/app/ui"
	"github.com/vidstream/vidstream/assets"
)

// appID is the application's identifier, as in FyneApp.toml.
const appID = "io.github.vidstream.viewer"

// Main runs Vidstream with args (without the program name) and returns the
// exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "vidstream:", err)
		return 2
	}
	logger := log.New(stderr, "", log.LstdFlags)
	if o.cpuprof != "" {
		stop, err := startCPUProfile(o.cpuprof)
		if err != nil {
			fmt.Fprintln(stderr, "vidstream:", err)
			return 2
		}
		defer stop()
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(receive.SoftMemoryLimit)
	}
	if o.headless {
		return runHeadless(o, stdout, logger)
	}
	return runViewer(o, logger)
}

func runHeadless(o options, stdout io.Writer, logger *log.Logger) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal asks the run to stop and write its files; from then on
	// a signal has its default effect, so a second one ends the program even
	// if the run is stuck (writing to a full pipe, reading a hung disk).
	context.AfterFunc(ctx, stop)
	base := o.tuning()
	if o.input == "" && o.url == "" { // listening for cameras: they may come encrypted
		if dir, err := headlessKeys(); err == nil || o.keys != "" {
			base.Trust = loadTrust(o, dir, !o.refuseNew, logger)
		} else {
			logger.Print(err)
		}
	}
	cfg := headless.Config{
		Receive:  o.apply(settings.Defaults()).Receive(base),
		Records:  o.records,
		Summary:  o.summary,
		Snapshot: o.snapshot,
		Stats:    o.stats,
		Log:      func(s string) { logger.Print(s) },
		// Advertised unless -listen is loopback (as every test's is).
		Advertise: true,
	}
	var res headless.Result
	var err error
	switch {
	case o.input != "":
		res, err = headless.Replay(ctx, o.input, cfg, stdout)
		logger.Print(res.Cost.Line())
	case o.url != "":
		res, err = headless.Watch(ctx, o.url, cfg, stdout)
	default:
		res, err = headless.Run(ctx, cfg, stdout)
	}
	logger.Print(res.LatencyLine())
	if err != nil {
		logger.Print(err)
		return 1
	}
	if res.End != nil {
		return 1
	}
	return 0
}

func runViewer(o options, logger *log.Logger) int {
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon())
	s := o.apply(settings.Load(a.Preferences()))
	base := o.tuning()
	base.Trust = loadTrust(o, a.Storage().RootURI().Path(), false, logger)
	v := ui.New(a, ui.Options{Settings: s, Demo: o.demo, Charts: o.charts, Log: logger, Verbose: o.verbose, Receive: base, Advertise: true})
	if err := v.Start(); err != nil {
		logger.Print(err) // shown in the window too; the user can pick another port
	}
	if o.url != "" {
		if err := v.WatchURL(o.url); err != nil {
			logger.Print(err)
		}
	}
	// Ctrl+C or a SIGTERM (a logout, systemd) closes the window as its
	// close button does: what was measured and not saved is written first
	// (ui.Viewer.Close). A second signal ends the program at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, func() {
		stop()
		fyne.Do(a.Quit)
	})
	if err := dropDepthBuffer(); err != nil {
		logger.Print(err) // the window still opens, at its old cost
	}
	v.Window().ShowAndRun()
	v.Close()
	return 0
}

// startCPUProfile profiles the process into path until the returned func
// is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
