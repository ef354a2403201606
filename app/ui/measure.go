package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire/pixel"
)

// The measurement session: the records of every connection since the
// viewer started (or the user began a new session), kept in v.meas. Save
// writes them all; closing the window with records not yet saved writes
// them into the save folder, so that nothing measured is lost to a
// reconnection, a port change or the window closing.

// connected numbers a new session's connection (any goroutine).
func (v *Viewer) connected(s *receive.Session) {
	v.conns.Store(s, v.meas.Connection())
}

// record adds a closed window of session s to the measurement session (any
// goroutine: the session's reader calls it).
func (v *Viewer) record(s *receive.Session, r stats.Record, partial bool) {
	conn, _ := v.conns.Load(s)
	n, _ := conn.(int)
	proto, _ := s.Stream()
	e := stats.Entry{Record: r, Conn: n, Sender: senderName(s), Protocol: proto.String(), Closed: time.Now(), Partial: partial}
	if l := s.Layout(); l.Format != pixel.FormatUnknown {
		e.Resolution, e.Format = fmt.Sprintf("%dx%d", l.Width, l.Height), l.Format.String()
	}
	v.meas.Add(e)
}

// ended closes session s's last, short window into the measurement
// session (any goroutine).
func (v *Viewer) ended(s *receive.Session) {
	if r, ok := s.Meter.Flush(time.Now()); ok {
		v.record(s, r, true)
	}
	v.conns.Delete(s)
}

// saveUnsaved writes the records not saved yet into the save folder, as
// Save writes them (summary and details), when the window closes. It
// returns the paths written; nothing when every record was saved.
func (v *Viewer) saveUnsaved() ([]string, error) {
	if v.meas.Unsaved() == 0 {
		return nil, nil
	}
	entries, total := v.meas.Entries()
	v.uiMu.Lock()
	dir := v.set.SaveDir
	v.uiMu.Unlock()
	job := saveJob{saver: save.Saver{Dir: dir, Now: fixedNow(time.Now())}, entries: entries, summary: true}
	paths, err := job.run()
	if err == nil {
		v.meas.MarkSaved(total)
	}
	return paths, err
}

// fixedNow is a clock stopped at t: the files of one save share a time
// stamp in their names.
func fixedNow(t time.Time) func() time.Time { return func() time.Time { return t } }

// NewMeasurement begins a new measurement session, after asking when the
// current one has records not saved yet (UI goroutine).
func (v *Viewer) NewMeasurement() {
	reset := func() {
		v.uiMu.Lock()
		defer v.uiMu.Unlock()
		v.meas.Reset()
		v.setStatus("New measurement session: the records so far are cleared.")
	}
	if n := v.meas.Unsaved(); n > 0 {
		msg := fmt.Sprintf("%d records of this session are not saved yet. Clear them and start a new measurement session?", n)
		dialog.ShowConfirm("New measurement session", msg, func(ok bool) {
			if ok {
				reset()
			}
		}, v.win)
		return
	}
	reset()
}
