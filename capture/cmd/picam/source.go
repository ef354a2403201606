package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/vidstream/vidstream/capture"
)

// sourceKind is one -source: a src_*.go file each. Adding a source is its
// file and its line in sources.
type sourceKind struct {
	name string
	// minSize and maxSize bound -W and -H; 0 is 1 and pixel.MaxDimension.
	minSize, maxSize int
	// check checks, and completes, the flags that depend on this source;
	// set holds the flags given on the command line. nil: none.
	check func(c *config, set map[string]bool) error
	// open opens the source for cfg. stdin is picam's; log writes a line to
	// stderr, from the goroutine calling the source's Next.
	open func(cfg config, stdin io.Reader, log func(string)) (openedSource, error)
}

// sources are the -source kinds, in the order -source's error lists them.
var sources = []sourceKind{testPatternSource, v4l2Source, stdinSource}

// openedSource is a -source, opened.
type openedSource struct {
	// src is the frame source, owned by the caller, who must Close it.
	src capture.Source
	// notes are advice to print before streaming, a line each.
	notes []string
	// report, when set, returns the lines to print after streaming.
	report func() []string
	// quality, when set, is the JPEG quality picam lowers while the link
	// is too slow (capture.StreamConfig.Quality).
	quality capture.QualityKnob
	// keyframe, when set, asks the camera for a keyframe
	// (capture.StreamConfig.RequestKeyframe).
	keyframe func() error
}

// lookupSource returns the -source named name.
func lookupSource(name string) (sourceKind, error) {
	names := make([]string, len(sources))
	for i, k := range sources {
		if k.name == name {
			return k, nil
		}
		names[i] = k.name
	}
	return sourceKind{}, fmt.Errorf("-source %q: must be %s or %s", name,
		strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// openSource opens cfg's frame source; log writes a line to stderr. The
// caller must Close the opened source.
func openSource(cfg config, stdin io.Reader, log func(string)) (openedSource, error) {
	k, err := lookupSource(cfg.Source)
	if err != nil {
		return openedSource{}, err
	}
	return k.open(cfg, stdin, log)
}
