package main

// -source test: the moving test pattern, for use without a camera.

import (
	"fmt"
	"io"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire/pixel"
)

// sourceTest is -source test, the default.
const sourceTest = "test"

var testPatternSource = sourceKind{
	name:    sourceTest,
	minSize: capture.MinTestSize, maxSize: capture.MaxTestSize,
	check: checkTestPattern, open: openTestPattern,
}

// checkTestPattern refuses the formats the test pattern cannot encode.
func checkTestPattern(c *config, _ map[string]bool) error {
	if c.Format.Interframe() {
		return fmt.Errorf("-source test cannot encode %v; pipe an encoder into -source stdin instead, e.g. "+
			"ffmpeg -f lavfi -i testsrc2=size=1280x720:rate=30 -c:v libx264 -preset ultrafast -tune zerolatency -f h264 - | picam -source stdin -format h264 ...", c.Format)
	}
	return nil
}

// openTestPattern opens the test pattern at cfg's size, format, rate,
// name, quality and noise.
func openTestPattern(cfg config, _ io.Reader, _ func(string)) (openedSource, error) {
	src, err := capture.NewTestSource(cfg.Width, cfg.Height, cfg.Format, cfg.FPS)
	if err != nil {
		return openedSource{}, err
	}
	if cfg.Name != "" {
		if err := src.SetName(cfg.Name); err != nil {
			return openedSource{}, err
		}
	}
	if err := src.SetQuality(cfg.Quality); err != nil {
		return openedSource{}, err
	}
	src.SetTimecode(cfg.Code)
	if err := src.SetNoise(cfg.Noise); err != nil {
		return openedSource{}, err
	}
	o := openedSource{src: src}
	if cfg.Format == pixel.FormatJPEG {
		o.quality = src
	}
	return o, nil
}
