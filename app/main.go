package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/vidstream/vidstream/app/headless"
	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/app/ui"
	"github.com/vidstream/vidstream/assets"
	"github.com/vidstream/vidstream/wire"
)

// ID is the application's identifier, as in FyneApp.toml.
const ID = "io.github.vidstream.viewer"

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
	if o.headless {
		return runHeadless(o, stdout, logger)
	}
	return runViewer(o, logger)
}

func receiveConfig(o options) receive.Config {
	return receive.Config{
		Addr:         o.listen,
		Decoder:      wire.Decoder{Size: o.size, Color: o.color},
		Window:       o.window,
		FrameTimeout: o.timeout,
		Decoders:     o.decoders,
	}
}

func runHeadless(o options, stdout io.Writer, logger *log.Logger) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := headless.Config{
		Receive:  receiveConfig(o),
		Records:  o.records,
		Summary:  o.summary,
		Snapshot: o.snapshot,
		Log:      func(s string) { logger.Print(s) },
	}
	var res headless.Result
	var err error
	if o.input != "" {
		var cost headless.ReplayCost
		res, cost, err = headless.Replay(ctx, o.input, cfg, stdout)
		logger.Print(cost.Line())
	} else {
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
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	s := settings.Load(a.Preferences())
	if o.set["listen"] {
		_, port, err := net.SplitHostPort(o.listen)
		if p, perr := strconv.Atoi(port); err == nil && perr == nil {
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
	v := ui.New(a, ui.Options{Settings: s, Demo: o.demo, Log: logger, Verbose: o.verbose, Receive: receiveConfig(o)})
	if err := v.Start(); err != nil {
		logger.Print(err) // shown in the window too; the user can pick another port
	}
	v.Window().ShowAndRun()
	v.Close()
	return 0
}
