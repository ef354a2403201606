package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/pull"
)

// Cameras people already run: File > Open camera URL (and -url) watches a
// stream a camera serves (package pull) in a tile of its own, with the
// same readouts, records and charts as a camera that connects to the
// viewer. A stream that is lost is opened again, with a backoff, until its
// tile is closed or the window is.

// urlHint says what Open camera URL takes.
const urlHint = "MJPEG over HTTP (mjpg-streamer, uStreamer, picamera2, motion, ESP32-CAM): http://raspberrypi.local:8080/?action=stream\n" +
	"A raw MJPEG or H.264 stream (rpicam-vid --listen -o tcp://0.0.0.0:8888): tcp://raspberrypi.local:8888\n" +
	"For a camera with a login: http://user:password@host:port/path"

// OpenCameraURL asks for a camera's URL and watches it (UI goroutine).
func (v *Viewer) OpenCameraURL() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("http://raspberrypi.local:8080/stream")
	entry.Validator = func(s string) error {
		_, err := pull.Parse(strings.TrimSpace(s))
		return plainPullError(err)
	}
	hint := widget.NewLabel(urlHint)
	hint.Wrapping = 0
	d := dialog.NewForm("Open camera URL", "Open", "Cancel", []*widget.FormItem{
		widget.NewFormItem("URL", entry),
		widget.NewFormItem("", hint),
	}, func(ok bool) {
		if !ok {
			return
		}
		if err := v.WatchURL(strings.TrimSpace(entry.Text)); err != nil {
			v.uiMu.Lock()
			v.setStatus(err.Error())
			v.uiMu.Unlock()
		}
	}, v.win)
	d.Show()
	v.win.Canvas().Focus(entry)
}

// WatchURL watches the stream at raw in a tile of its own until the tile
// is closed or the viewer closes; a URL already watched is not opened
// twice. Any goroutine.
func (v *Viewer) WatchURL(raw string) error {
	t, err := pull.Parse(raw)
	if err != nil {
		v.log.Printf("camera URL %q: %v", raw, err)
		return plainPullError(err)
	}
	name := t.String()
	ctx, cancel := context.WithCancel(context.Background())
	v.uiMu.Lock()
	if v.watching == nil {
		v.watching = map[string]context.CancelFunc{}
	}
	if _, ok := v.watching[name]; ok {
		v.uiMu.Unlock()
		cancel()
		return errors.New(name + " is open already.")
	}
	v.watching[name] = cancel
	cfg := v.set.Receive(v.opts.Receive)
	v.uiMu.Unlock()
	r := pull.Retrier{OnRetry: func(rt pull.Retry) {
		v.log.Printf("camera %s: %s", name, rt)
		msg := "Cannot reach " + name + ": " + plainPullError(rt.Err).Error() + " Trying again in " + rt.WaitText() + "."
		if rt.Lost {
			msg = "Lost the stream from " + name + ". Trying again in " + rt.WaitText() + "."
		}
		if rt.Final { // the login refused: Watch gives up
			msg = plainPullError(rt.Err).Error()
		}
		v.do(func() { v.setStatus(msg) })
	}}
	v.playing.Go(func() {
		defer func() {
			v.uiMu.Lock()
			delete(v.watching, name)
			v.uiMu.Unlock()
		}()
		go func() { // the window closing ends the watch
			select {
			case <-v.closed:
				cancel()
			case <-ctx.Done():
			}
		}()
		pull.Watch(ctx, r, t, cfg, v)
	})
	return nil
}

// stopWatching stops watching the stream whose session is named name, if
// it is a camera URL (UI goroutine, under uiMu).
func (v *Viewer) stopWatching(name string) {
	if cancel, ok := v.watching[name]; ok {
		cancel()
	}
}

// plainPullError is a pull error as a person reads it: the package's
// prefix off, a sentence.
func plainPullError(err error) error {
	if err == nil {
		return nil
	}
	s := strings.TrimPrefix(err.Error(), "pull: ")
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return errors.New(s)
}
