package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/vidstream/vidstream/app/chart"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
)

// Save writes the focused camera's picture and the measurement summary
// into the save folder, off the UI goroutine, and says what it wrote. Call it
// on the UI goroutine (a button, a shortcut).
func (v *Viewer) Save() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	job := saveJob{saver: save.Saver{Dir: v.set.SaveDir, Now: fixedNow(time.Now())}}
	if t := v.focused; t != nil && t.frame != nil {
		f := t.frame
		// Copies: the frame goes back to the decoder on the next Take. A
		// JPEG frame is saved as its own bytes, so its pixels are not needed.
		if len(f.Payload) > 0 {
			job.snap = &save.Snapshot{JPEG: bytes.Clone(f.Payload)}
		} else {
			job.snap = &save.Snapshot{Image: cloneRGBA(f.Image)}
		}
	}
	entries, total := v.meas.Entries()
	if len(v.tiles) > 0 || total > 0 {
		// Every connection's closed windows so far (the measurement
		// session), not only the one on screen.
		job.entries, job.summary = entries, true
	}
	if job.snap == nil && !job.summary {
		v.setStatus("Nothing to save yet: no camera has connected.")
		return
	}
	go func() {
		paths, err := job.run()
		if err == nil && job.summary {
			v.meas.MarkSaved(total)
		}
		v.do(func() { v.saved(job.saver.Dir, paths, err) })
	}()
}

// saved reports a finished save (UI goroutine).
func (v *Viewer) saved(dir string, paths []string, err error) {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	if err != nil {
		msg := "Could not save: " + err.Error()
		if len(names) > 0 {
			msg = fmt.Sprintf("Saved %s, but %s", strings.Join(names, ", "), msg)
		}
		v.setStatus(msg)
		dialog.ShowError(errors.New(msg), v.win)
		return
	}
	v.setStatus(fmt.Sprintf("Saved %s in %s", strings.Join(names, " and "), dir))
}

// saveJob is what one press of Save writes; it owns its copies. Its files
// share one time stamp (saver.Now is stopped).
type saveJob struct {
	saver   save.Saver
	snap    *save.Snapshot // nil: no frame yet
	entries []stats.Entry  // the measurement session's records
	summary bool           // write the summary and details files
}

// run writes the snapshot, then the summary and the details, and returns
// the paths written.
func (j saveJob) run() ([]string, error) {
	var paths []string
	var errs []error
	keep := func(p string, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		paths = append(paths, p)
	}
	if j.snap != nil {
		keep(j.saver.SaveSnapshot(*j.snap))
	}
	if j.summary {
		keep(j.saver.SaveSummary(stats.Records(j.entries)))
		keep(j.saver.SaveDetails(j.entries))
		keep(j.saver.Save("-chart.png", func(w io.Writer) error { return chart.WritePNG(w, j.entries) }))
	}
	return paths, errors.Join(errs...)
}

func cloneRGBA(m *image.RGBA) *image.RGBA {
	c := *m
	c.Pix = bytes.Clone(m.Pix)
	return &c
}
