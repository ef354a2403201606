package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Defaults of the command line.
const (
	defaultRuns    = 3
	defaultLive    = 10 * time.Second
	defaultLiveFPS = 30
	defaultOver    = 3 * time.Second
	quickLive      = time.Second
	maxRuns        = 100
	maxLive        = 10 * time.Minute
)

// config is what the command line asks for.
type config struct {
	Vidstream string        // the vidstream binary
	FFmpeg    string        // the ffmpeg binary; "" skips ffmpeg
	Out       string        // the Markdown report; "" writes none
	Runs      int           // replays (and ffmpeg runs) per stream
	Quick     bool          // tiny streams, for a smoke test
	Live      time.Duration // length of each live loopback run
	LiveFPS   float64       // the live sender's pace
	Overload  time.Duration // length of the overload run of each JPEG stream
	Keep      string        // record the streams into this directory and keep them; "" uses a temporary one
	Command   string        // the command line, for the report
}

const usageText = `vidbench measures vidstream's receive path against ffmpeg.

  go run ./app/cmd/vidbench -vidstream bin/vidstream [-out BENCHMARKS.md] [-runs 3] [-quick]

Flags:
`

// parseFlags reads args (without the program name).
func parseFlags(args []string, errOut io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("vidbench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprint(errOut, usageText)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.Vidstream, "vidstream", "", "the vidstream binary to measure (required)")
	fs.StringVar(&c.FFmpeg, "ffmpeg", "ffmpeg", `the ffmpeg binary to compare with ("" skips ffmpeg)`)
	fs.StringVar(&c.Out, "out", "", "write the report (Markdown) to FILE")
	fs.IntVar(&c.Runs, "runs", defaultRuns, "replays and ffmpeg runs per stream; the table has their medians")
	fs.BoolVar(&c.Quick, "quick", false, "a smoke test: a few frames per stream, one run, a 1 s live run")
	fs.DurationVar(&c.Live, "live", defaultLive, "length of the live loopback run of each stream")
	fs.Float64Var(&c.LiveFPS, "live-fps", defaultLiveFPS, "frame rate of the live sender")
	fs.DurationVar(&c.Overload, "overload", defaultOver, "length of the live run of each JPEG stream with a sender twice as fast as the viewer decodes")
	fs.StringVar(&c.Keep, "keep", "", "record the streams into DIR and keep them (default: a temporary directory, removed)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.Quick {
		if !set["runs"] {
			c.Runs = 1
		}
		if !set["live"] {
			c.Live = quickLive
		}
		if !set["overload"] {
			c.Overload = quickLive
		}
	}
	switch {
	case c.Vidstream == "":
		return c, errors.New("-vidstream is required: the path of a built vidstream binary")
	case c.Runs < 1 || c.Runs > maxRuns:
		return c, fmt.Errorf("-runs %d out of range 1..%d", c.Runs, maxRuns)
	case c.Live <= 0 || c.Live > maxLive:
		return c, fmt.Errorf("-live %v out of range (0, %v]", c.Live, maxLive)
	case c.Overload <= 0 || c.Overload > maxLive:
		return c, fmt.Errorf("-overload %v out of range (0, %v]", c.Overload, maxLive)
	case !(c.LiveFPS >= 1 && c.LiveFPS <= 1000):
		return c, fmt.Errorf("-live-fps %v out of range 1..1000", c.LiveFPS)
	}
	c.Command = commandLine(args)
	return c, nil
}

// commandLine is how the report shows the command that made it: as run from
// the module root with go run, each argument shell-quoted when needed.
func commandLine(args []string) string {
	parts := []string{"go", "run", "./app/cmd/vidbench"}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// shellQuote returns s as one POSIX shell word.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
