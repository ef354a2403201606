package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/vidstream/vidstream/app/receive"
)

// Playback in the window: File > Open plays a recording (the window's own,
// picam -o's, a raw .h264 or .mjpeg file: whatever -input accepts) in a
// tile of its own at its recorded pace, with its readouts; Space pauses
// and resumes the focused one. Headless replay (-input) is unchanged.

// OpenRecording asks for a recording and plays it (UI goroutine).
func (v *Viewer) OpenRecording() {
	v.uiMu.Lock()
	dir := v.set.SaveDir
	v.uiMu.Unlock()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		if err := v.Play(path); err != nil {
			v.uiMu.Lock()
			v.setStatus(err.Error())
			v.uiMu.Unlock()
		}
	}, v.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
}

// Play plays the recording at path in a tile of its own, at its recorded
// pace, until it ends or the viewer closes. Any goroutine.
func (v *Viewer) Play(path string) error {
	f, err := os.Open(path)
	if err != nil {
		v.log.Printf("play: %v", err)
		return fmt.Errorf("Cannot open %s: %w", filepath.Base(path), plainFileError(err))
	}
	v.uiMu.Lock()
	cfg := v.set.Receive(v.opts.Receive)
	v.uiMu.Unlock()
	s := receive.NewSession(f, filepath.Base(path), cfg, receive.Paced, v)
	v.playing.Go(func() {
		defer f.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { // the window closing ends the playback
			select {
			case <-v.closed:
				cancel()
			case <-ctx.Done():
			}
		}()
		v.SessionStarted(s)
		err := s.Run(ctx)
		if err != nil {
			v.log.Printf("playing %s: %v", path, err)
		}
		v.SessionEnded(s, err)
	})
	return nil
}

// plainFileError is why a file cannot be opened, in words.
func plainFileError(err error) error {
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("the file does not exist")
	case os.IsPermission(err):
		return fmt.Errorf("you may not read it")
	}
	return fmt.Errorf("it cannot be read (the log says why)")
}

// TogglePause pauses the focused recording, or plays it on (Space; UI
// goroutine).
func (v *Viewer) TogglePause() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	t := v.focused
	if t == nil || !t.live || !t.session.Paced() {
		return
	}
	t.session.SetPaused(!t.session.Paused())
	v.refreshTile(t, time.Now())
}
