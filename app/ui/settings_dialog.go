package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/settings"
)

// settingsForm is the text of the settings dialog's fields.
type settingsForm struct {
	Port, FrameSize, Window, SaveDir, Cameras string
	YUVColor, AcceptPlain                     bool
}

func formOf(s settings.Settings) settingsForm {
	return settingsForm{
		Port:      strconv.Itoa(s.Port),
		FrameSize: settings.FormatSize(s.FrameSize),
		Window:    s.Window.String(),
		SaveDir:   s.SaveDir,
		Cameras:   strconv.Itoa(s.Cameras),
		YUVColor:  s.YUVColor,

		AcceptPlain: s.AcceptPlain,
	}
}

// parse turns the form into settings, or says every field that is wrong
// (not only the first: a person fixes them all in one go).
func (f settingsForm) parse() (settings.Settings, error) {
	var errs []error
	def := settings.Defaults() // stands in for a field that does not parse, so Validate judges only the others
	port, err := strconv.Atoi(strings.TrimSpace(f.Port))
	if err != nil {
		errs = append(errs, fmt.Errorf("port %q is not a number", f.Port))
		port = def.Port
	}
	size, err := settings.ParseSize(strings.TrimSpace(f.FrameSize))
	if err != nil {
		errs = append(errs, fmt.Errorf("raw frame size: %w", err))
		size = def.FrameSize
	}
	w := strings.TrimSpace(f.Window)
	window, err := time.ParseDuration(w)
	if err != nil {
		secs, nerr := strconv.ParseFloat(w, 64)
		if nerr != nil {
			errs = append(errs, fmt.Errorf("window %q is not a duration such as 10s", f.Window))
			secs = def.Window.Seconds()
		}
		window = time.Duration(secs * float64(time.Second))
	}
	dir := strings.TrimSpace(f.SaveDir)
	if dir != "" {
		dir = save.ExpandDir(dir) // "~/Pictures/VS2" is the home folder's, not ./~
	}
	cameras, err := strconv.Atoi(strings.TrimSpace(f.Cameras))
	if err != nil {
		errs = append(errs, fmt.Errorf("cameras at once %q is not a number", f.Cameras))
		cameras = def.Cameras
	}
	s := settings.Settings{Port: port, FrameSize: size, Window: window, SaveDir: dir, YUVColor: f.YUVColor, Cameras: cameras, AcceptPlain: f.AcceptPlain}
	if err := s.Validate(); err != nil {
		errs = append(errs, err)
	}
	return s, errors.Join(errs...)
}

// ShowSettings opens the settings dialog (UI goroutine). Enter applies,
// Escape cancels; an invalid form keeps the dialog open with the edits and
// says every problem.
func (v *Viewer) ShowSettings() {
	v.uiMu.Lock()
	form := formOf(v.set)
	v.uiMu.Unlock()

	var d *dialog.FormDialog
	submit, cancel := func() { d.Submit() }, func() { d.Hide() }
	entry := func(text string) *formEntry { return newFormEntry(text, submit, cancel) }
	port, size, window, dir, cameras := entry(form.Port), entry(form.FrameSize), entry(form.Window), entry(form.SaveDir), entry(form.Cameras)
	color := widget.NewCheck("Show YUV frames in colour", nil)
	color.SetChecked(form.YUVColor)
	plain := widget.NewCheck(acceptPlainLabel, nil)
	plain.SetChecked(form.AcceptPlain)
	browse := widget.NewButton("Choose…", func() {
		fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				dir.SetText(u.Path())
			}
		}, v.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(save.ExpandDir(dir.Text))); err == nil {
			fd.SetLocation(l) // where the folder is now, not the home folder
		}
		fd.Show()
	})
	problems := widget.NewLabel("")
	problems.Wrapping = fyne.TextWrapWord
	problems.Importance = widget.DangerImportance
	problems.Hide()
	items := []*widget.FormItem{
		widget.NewFormItem("Port", port),
		widget.NewFormItem("Cameras at once", cameras),
		widget.NewFormItem("Raw frame size", size),
		widget.NewFormItem("Record every", window),
		widget.NewFormItem("Save folder", container.NewBorder(nil, nil, nil, browse, dir)),
		widget.NewFormItem("", color),
		widget.NewFormItem("", plain),
		widget.NewFormItem("Paired cameras", v.pairedButton()),
		widget.NewFormItem("", problems),
	}
	items[0].HintText = "Applies at once: the viewer listens on the new port"
	items[1].HintText = "Applies at once, to cameras that connect from now on"
	items[2].HintText = "Size of yuv/rgb frames from the post's client; applies from the next connection"
	items[3].HintText = "Length of a measurement record; applies from the next connection"
	items[4].HintText = "Applies to the next save or recording"
	items[6].HintText = "Its streams cross the network unencrypted, marked so on the picture; off, only paired cameras stream. Applies from the next connection"
	items[7].HintText = "Cameras allowed to stream; forget one to pair it again"
	d = dialog.NewForm("Settings", "Apply", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		f := settingsForm{port.Text, size.Text, window.Text, dir.Text, cameras.Text, color.Checked, plain.Checked}
		if err := v.Apply(f); err != nil {
			problems.SetText(err.Error())
			problems.Show()
			d.Show() // the form stays, with the edits, until it is right or cancelled
		}
	}, v.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// formEntry is a settings field: Enter applies the form, Escape cancels it.
type formEntry struct {
	widget.Entry
	cancel func()
}

func newFormEntry(text string, submit, cancel func()) *formEntry {
	e := &formEntry{cancel: cancel}
	e.ExtendBaseWidget(e)
	e.SetText(text)
	e.OnSubmitted = func(string) { submit() }
	return e
}

// TypedKey implements fyne.Focusable: Escape cancels the form.
func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.cancel()
		return
	}
	e.Entry.TypedKey(k)
}

// Apply validates and stores new settings, and reports every problem at
// once. A new port is bound first: one that fails leaves the viewer
// listening where it was and nothing is stored. On the new port the old
// listener stops, and the streams it ends say so quietly. The cameras-at-
// once limit applies at once; the other settings take effect with the next
// connection. Call it on the UI goroutine.
func (v *Viewer) Apply(f settingsForm) error {
	s, err := f.parse()
	if err != nil {
		return fmt.Errorf("settings not applied: %w", err)
	}
	v.uiMu.Lock()
	old, srv := v.set, v.server
	v.uiMu.Unlock()
	if s.Port == old.Port && srv != nil { // listening already: the next connection takes the rest
		v.uiMu.Lock()
		v.set = s
		v.uiMu.Unlock()
		s.Store(v.app.Preferences())
		srv.Reconfigure(s.Receive(v.opts.Receive))
		return nil
	}
	next, err := receive.Listen(s.Receive(v.opts.Receive))
	if err != nil {
		v.log.Printf("settings: listen: %v", err)
		return fmt.Errorf("settings not applied: %s", portTaken(s.Port, err))
	}
	s.Store(v.app.Preferences())
	v.uiMu.Lock()
	v.set = s
	v.moved = fmt.Sprintf("the viewer moved to port %d: the camera must connect there", s.Port)
	v.uiMu.Unlock()
	v.Stop()
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	v.serve(next)
	v.setStatus(fmt.Sprintf("Settings applied: the viewer now listens on port %d.", s.Port))
	return nil
}
