package main

import (
	"fmt"
	"strconv"
	"strings"
)

// Stream is one stream to send over the link: a kind and a picture size.
type Stream struct {
	Kind          string // "mjpeg" or "h264" (ffmpeg's encoders into picam -source stdin) or "test" (picam's own pattern, JPEG)
	Width, Height int
}

// String is the stream as -streams writes it, e.g. "mjpeg:1280x720".
func (s Stream) String() string { return fmt.Sprintf("%s:%dx%d", s.Kind, s.Width, s.Height) }

// defaultStreams is -streams' default.
const defaultStreams = "mjpeg:1280x720,mjpeg:1920x1080"

// parseStreams reads a comma-separated list of [KIND:]WxH, KIND being mjpeg
// (the default), h264 or test.
func parseStreams(list string) ([]Stream, error) {
	var out []Stream
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		kind, size, ok := strings.Cut(item, ":")
		if !ok {
			kind, size = "mjpeg", item
		}
		if kind != "mjpeg" && kind != "h264" && kind != "test" {
			return nil, fmt.Errorf("stream %q: kind %q: want mjpeg, h264 or test", item, kind)
		}
		ws, hs, ok := strings.Cut(size, "x")
		w, errW := strconv.Atoi(ws)
		h, errH := strconv.Atoi(hs)
		if !ok || errW != nil || errH != nil || w < 16 || h < 16 || w > 4096 || h > 4096 || w%2 != 0 || h%2 != 0 {
			return nil, fmt.Errorf("stream %q: size %q: want WxH, even, 16..4096, such as 1280x720", item, size)
		}
		out = append(out, Stream{Kind: kind, Width: w, Height: h})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no stream in %q: want e.g. %s", list, defaultStreams)
	}
	return out, nil
}
