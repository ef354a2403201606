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
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/settings"
)

// settingsForm is the text of the settings dialog's fields.
type settingsForm struct {
	Port, FrameSize, Window, SaveDir string
	YUVColor                         bool
}

func formOf(s settings.Settings) settingsForm {
	return settingsForm{
		Port:      strconv.Itoa(s.Port),
		FrameSize: settings.FormatSize(s.FrameSize),
		Window:    s.Window.String(),
		SaveDir:   s.SaveDir,
		YUVColor:  s.YUVColor,
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
	s := settings.Settings{Port: port, FrameSize: size, Window: window, SaveDir: dir, YUVColor: f.YUVColor}
	if err := s.Validate(); err != nil {
		errs = append(errs, err)
	}
	return s, errors.Join(errs...)
}

// ShowSettings opens the settings dialog (UI goroutine).
func (v *Viewer) ShowSettings() {
	v.uiMu.Lock()
	form := formOf(v.set)
	v.uiMu.Unlock()

	port, size, window, dir := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	port.SetText(form.Port)
	size.SetText(form.FrameSize)
	window.SetText(form.Window)
	dir.SetText(form.SaveDir)
	color := widget.NewCheck("Show YUV frames in colour", nil)
	color.SetChecked(form.YUVColor)
	browse := widget.NewButton("Choose…", func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				dir.SetText(u.Path())
			}
		}, v.win)
	})
	items := []*widget.FormItem{
		widget.NewFormItem("Port", port),
		widget.NewFormItem("Raw frame size", size),
		widget.NewFormItem("Record every", window),
		widget.NewFormItem("Save folder", container.NewBorder(nil, nil, nil, browse, dir)),
		widget.NewFormItem("", color),
	}
	items[1].HintText = "Size of yuv/rgb frames from the post's client"
	d := dialog.NewForm("Settings", "Apply", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		f := settingsForm{port.Text, size.Text, window.Text, dir.Text, color.Checked}
		if err := v.Apply(f); err != nil {
			dialog.ShowError(err, v.win)
		}
	}, v.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// Apply validates and stores new settings. A new port restarts the listener
// (ending a running stream); the other settings take effect with the next
// connection. Call it on the UI goroutine.
func (v *Viewer) Apply(f settingsForm) error {
	s, err := f.parse()
	if err != nil {
		return fmt.Errorf("settings not applied: %w", err)
	}
	s.Store(v.app.Preferences())
	v.uiMu.Lock()
	old, srv := v.set, v.server
	v.set = s
	v.uiMu.Unlock()
	if s.Port == old.Port && srv != nil { // listening already: the next connection takes the rest
		srv.Reconfigure(s.Receive(v.opts.Receive))
		return nil
	}
	v.Stop()
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	return v.listen()
}
