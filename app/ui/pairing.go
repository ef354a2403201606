package ui

// Pairing in the window: the question about a new camera, and the list of
// the cameras allowed (Settings > Paired cameras).

import (
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/vidstream/vidstream/app/receive"
)

// acceptPlainLabel is the setting's name, as Settings shows it and
// messages refer to it.
const acceptPlainLabel = "Accept the blog post's client (unencrypted)"

// pairQuestion is what the window asks about the camera of r.
func pairQuestion(r *receive.PairRequest) string {
	return fmt.Sprintf("Camera %q wants to stream: code %s.\n\n"+
		"Allow it only if picam on that camera shows the same code. Once allowed, it connects without asking; "+
		"Settings > Paired cameras can forget it.", r.Camera, r.Code)
}

// AskPairing implements receive.Asker: a dialog asks whether the camera
// may stream, showing the code to compare, until the person answers or the
// camera stops waiting.
func (v *Viewer) AskPairing(r *receive.PairRequest) {
	v.log.Printf("camera %q at %s asks to pair: code %s, key %v", r.Camera, r.Remote, r.Code, r.Fingerprint)
	v.do(func() {
		text := widget.NewLabel(pairQuestion(r))
		text.Wrapping = fyne.TextWrapWord
		code := canvas.NewText(r.Code, theme.Color(theme.ColorNameForeground))
		code.TextSize, code.TextStyle, code.Alignment = 2*theme.TextHeadingSize(), fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
		var answered atomic.Bool
		d := dialog.NewCustomConfirm("A new camera", "Allow", "Deny", container.NewVBox(code, text), func(allow bool) {
			// Hiding the dialog calls this too, from the watcher below
			// under uiMu: answered, set first there, keeps it from
			// locking again.
			if !answered.CompareAndSwap(false, true) {
				return
			}
			select {
			case <-r.Done(): // given up already: hiding it comes here
				return
			default:
			}
			msg := fmt.Sprintf("Paired with camera %q: it connects without asking from now on.", r.Camera)
			if allow {
				r.Allow()
			} else {
				r.Deny()
				msg = fmt.Sprintf("Denied camera %q: it is refused from now on (Settings > Paired cameras can undo it).", r.Camera)
			}
			v.uiMu.Lock()
			v.setStatus(msg)
			v.uiMu.Unlock()
		}, v.win)
		d.Resize(fyne.NewSize(440, 0))
		d.Show()
		go func() {
			<-r.Done()
			v.do(func() {
				if answered.CompareAndSwap(false, true) {
					v.setStatus(fmt.Sprintf("Camera %q stopped waiting for an answer; it asks again when it reconnects.", r.Camera))
				}
				d.Hide()
			})
		}()
	})
}

// pairedButton opens the list of paired cameras; without a key pair it
// says why there is none.
func (v *Viewer) pairedButton() fyne.CanvasObject {
	t := v.opts.Receive.Trust
	if t == nil {
		l := widget.NewLabel("None: the viewer has no key pair (the log says why), so only unencrypted senders can stream")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	return widget.NewButton("Show…", v.ShowPaired)
}

// ShowPaired opens the list of the cameras allowed and denied, each with
// Forget. Called by a button, it takes uiMu as the viewer's other
// callbacks do.
func (v *Viewer) ShowPaired() {
	t := v.opts.Receive.Trust
	if t == nil {
		return
	}
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	list := container.NewVBox()
	var d dialog.Dialog
	var fill func()
	fill = func() {
		list.RemoveAll()
		for _, p := range t.Pins.List() {
			list.Add(v.pairRow(fmt.Sprintf("%s: allowed %s", p.Name, p.Paired.Local().Format("2 Jan 2006")), p.Name, fill))
		}
		for _, dn := range t.Pins.Denials() {
			list.Add(v.pairRow(fmt.Sprintf("%s: denied %s", dn.Name, dn.Denied.Local().Format("2 Jan 2006")), dn.Name, fill))
		}
		if len(list.Objects) == 0 {
			list.Add(widget.NewLabel("No camera is paired yet: picam asks the first time it connects."))
		}
		list.Refresh()
	}
	fill()
	intro := widget.NewLabel(fmt.Sprintf("This viewer's key: %v", t.Identity.Fingerprint()))
	intro.Wrapping = fyne.TextWrapBreak
	d = dialog.NewCustom("Paired cameras", "Close", container.NewBorder(intro, nil, nil, nil, container.NewVScroll(list)), v.win)
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}

// pairRow is one camera in the paired list, with its Forget button.
func (v *Viewer) pairRow(text, name string, refill func()) fyne.CanvasObject {
	forget := widget.NewButton("Forget", func() {
		v.uiMu.Lock()
		defer v.uiMu.Unlock()
		msg := fmt.Sprintf("Forgot camera %q: it is asked about when it connects again.", name)
		if err := v.opts.Receive.Trust.Pins.Forget(name); err != nil {
			v.log.Printf("forgetting camera %q: %v", name, err)
			msg = fmt.Sprintf("Could not forget camera %q (the log has the details).", name)
		}
		v.setStatus(msg)
		refill()
	})
	return container.NewBorder(nil, nil, nil, forget, widget.NewLabel(strings.TrimSpace(text)))
}
