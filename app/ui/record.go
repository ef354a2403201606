package ui

import (
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/record"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// Recording in the window: Record (the button, Cmd/Ctrl+R) records the
// focused camera's stream as received, without decoding it again, into the
// save folder (app/record); the status line shows its size and length
// while it runs, and the file appears whole when it stops: Record again,
// the camera's stream ending, or the window closing.

// recording is the recording running, for one session.
type recording struct {
	session *receive.Session
	rec     *record.Recorder
	name    string // the camera's, for messages
}

// ToggleRecording starts recording the focused camera, or stops the
// recording running (UI goroutine).
func (v *Viewer) ToggleRecording() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	if v.recorder != nil {
		v.stopRecording("")
		return
	}
	t := v.focused
	if t == nil || !t.live {
		v.setStatus("Nothing to record: no camera is streaming. Connect one, then press Record.")
		return
	}
	if t.session.Paced() {
		v.setStatus("This is a recording already: it is in " + t.session.Remote + ".")
		return
	}
	hello, ordered, ok := recordingHello(t.session)
	if !ok {
		v.setStatus("Nothing to record yet: wait for the camera's first picture, then press Record.")
		return
	}
	rec, err := record.Start(save.Saver{Dir: v.set.SaveDir}, hello, ordered)
	if err != nil {
		v.log.Printf("record %s: %v", t.name, err)
		v.setStatus("Cannot record this stream (the log says why).")
		return
	}
	v.recorder = &recording{session: t.session, rec: rec, name: t.name}
	t.session.SetTap(rec.Add)
	v.recordBtn.SetIcon(theme.MediaStopIcon())
	v.recordBtn.Importance = widget.DangerImportance // red while recording
	v.recordBtn.Refresh()
	v.updateStanding()
	v.setStatus(fmt.Sprintf("Recording %s into %s…", t.name, v.set.SaveDir))
}

// recordingHello is the hello of a recording of s: the sender's own for a
// v2 stream, else made from what the stream was found to be once its first
// frame has decoded (ok false before). ordered says its frames depend on
// each other.
func recordingHello(s *receive.Session) (h wire.Hello, ordered, ok bool) {
	proto, hello := s.Stream()
	if proto == wire.ProtoV2 && hello != nil {
		h = *hello
	} else {
		l := s.Layout()
		if l.Format == pixel.FormatUnknown {
			return h, false, false
		}
		h = wire.Hello{Layout: l, Name: "recorded from " + s.Remote}
	}
	return h, h.Layout.Format == pixel.FormatH264, true
}

// stopRecordingOf stops the recording of session s, if there is one, and
// says why (UI goroutine).
func (v *Viewer) stopRecordingOf(s *receive.Session, why string) {
	if v.recorder != nil && v.recorder.session == s {
		v.stopRecording(why)
	}
}

// stopRecording stops the recording running (under uiMu); the file is
// finished off the UI goroutine, and the status says where it went.
func (v *Viewer) stopRecording(why string) {
	r := v.recorder
	v.recorder = nil
	r.session.SetTap(nil)
	v.recordBtn.SetIcon(theme.MediaRecordIcon())
	v.recordBtn.Importance = widget.LowImportance
	v.recordBtn.Refresh()
	v.updateStanding()
	go func() {
		path, prog, err := r.rec.Stop()
		v.do(func() { v.recordingStopped(r.name, why, path, prog, err) })
	}()
}

// stopRecordingNow stops a recording running and waits for its file (the
// window closing).
func (v *Viewer) stopRecordingNow() {
	v.uiMu.Lock()
	r := v.recorder
	v.recorder = nil
	v.uiMu.Unlock()
	if r == nil {
		return
	}
	r.session.SetTap(nil)
	path, prog, err := r.rec.Stop()
	if err != nil {
		v.log.Printf("closing: the recording of %s could not be saved: %v", r.name, err)
		return
	}
	v.log.Printf("closing: saved the recording of %s (%s) in %s", r.name, progressText(prog), path)
}

// recordingStopped reports a finished recording (UI goroutine).
func (v *Viewer) recordingStopped(name, why, path string, prog record.Progress, err error) {
	if err != nil {
		v.log.Printf("recording of %s: %v", name, err)
		v.setStatus("The recording could not be saved (the log says why). Check the save folder in Settings.")
		return
	}
	msg := fmt.Sprintf("Saved the recording of %s (%s) as %s in %s", name, progressText(prog), filepath.Base(path), filepath.Dir(path))
	if why != "" {
		msg = "Recording stopped, " + why + ". " + msg
	}
	v.setStatus(msg)
}

// recordingText is the status line's part on the recording running, or
// "" (under uiMu).
func (v *Viewer) recordingText() string {
	if v.recorder == nil {
		return ""
	}
	return fmt.Sprintf(" · recording %s: %s", v.recorder.name, progressText(v.recorder.rec.Progress()))
}

// progressText is a recording's size and length as people read them.
func progressText(p record.Progress) string {
	s := fmt.Sprintf("%s, %s, %d frames", bytesText(int(min(p.Bytes, 1<<50))), p.Duration.Round(100*time.Millisecond), p.Frames)
	if p.Dropped > 0 {
		s += fmt.Sprintf(", %d dropped", p.Dropped)
	}
	return s
}
