package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the pointer rests on a button before its tip shows.
const tipDelay = 600 * time.Millisecond

// tipLayer is where buttons' tips show: a layer over the window's content
// (not a pop-up: Fyne sends a pop-up's canvas every pointer event, and the
// button under the tip would lose its hover). Its fields belong to the UI
// goroutine.
type tipLayer struct {
	box   *fyne.Container // the layer, as large as the content; no layout
	tip   *fyne.Container // the tip on its backdrop
	label *widget.Label
	hovr  int                         // counts hovers, so that a late timer of an old one does nothing
	after func(time.Duration, func()) // runs a func on the UI goroutine after a while
}

// newTipLayer returns a layer whose tips show through after (the viewer's:
// a timer, then its UI callbacks).
func newTipLayer(after func(time.Duration, func())) *tipLayer {
	l := &tipLayer{label: widget.NewLabel(""), after: after}
	back := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	back.StrokeColor, back.StrokeWidth, back.CornerRadius = theme.Color(theme.ColorNameSeparator), 1, 4
	l.tip = container.NewStack(back, l.label)
	l.tip.Hide()
	l.box = container.NewWithoutLayout(l.tip)
	return l
}

// show puts text beside obj, above it where there is room, inside the layer.
func (l *tipLayer) show(obj fyne.CanvasObject, text string) {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(l.box))
	l.label.SetText(text)
	size := l.tip.MinSize()
	x := max(min(at.X, l.box.Size().Width-size.Width), 0)
	y := at.Y - size.Height - 2
	if y < 0 {
		y = at.Y + obj.Size().Height + 2
	}
	l.tip.Resize(size)
	l.tip.Move(fyne.NewPos(x, y))
	l.tip.Show()
	l.box.Refresh()
}

func (l *tipLayer) hide() {
	l.hovr++
	l.tip.Hide()
}

// tipButton is a button that says what it does when the pointer rests on
// it (Fyne's buttons have no tooltips of their own).
type tipButton struct {
	widget.Button
	Tip   string
	layer *tipLayer
}

// newTipButton returns a low-key button with an icon, an optional label
// and a tip shown in layer.
func newTipButton(layer *tipLayer, label string, icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{Tip: tip, layer: layer}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn implements desktop.Hoverable: the tip shows after tipDelay.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.layer.hovr++
	n := b.layer.hovr
	b.layer.after(tipDelay, func() {
		if b.layer.hovr == n && b.Visible() {
			b.layer.show(b, b.Tip)
		}
	})
}

// MouseOut implements desktop.Hoverable.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.layer.hide()
}

// Tapped implements fyne.Tappable: the tip goes away.
func (b *tipButton) Tapped(e *fyne.PointEvent) {
	b.layer.hide()
	b.Button.Tapped(e)
}
