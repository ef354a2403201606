package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The status line at the bottom of the window. It has a standing state
// (where the viewer listens, who streams) and one-off messages (saved,
// refused, ended), which show for statusHold and then give way to the
// standing state again. The line is cut to the window's width; clicking it
// shows the whole of the standing state and the recent messages.

const (
	statusHold = 8 * time.Second // how long a one-off message shows
	statusKeep = 50              // recent messages kept for the details view
)

// statusLine is the status line. Its fields belong to the UI callbacks.
type statusLine struct {
	widget.Label
	standing string
	history  []string // recent messages, oldest first, with their time
	shown    int      // counts messages, so that an old message's timer does nothing
	details  func()   // opens the details view; set by the viewer
	after    func(time.Duration, func())
}

func newStatusLine(after func(time.Duration, func())) *statusLine {
	l := &statusLine{after: after}
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// setStanding changes the standing state; it shows at once unless a
// message is showing.
func (l *statusLine) setStanding(s string) {
	l.standing = s
	if l.shown == 0 || l.Text == "" {
		l.SetText(s)
	}
}

// message shows msg for statusHold, then the standing state again.
func (l *statusLine) message(msg string, now time.Time) {
	l.history = append(l.history, now.Format("15:04:05")+"  "+msg)
	if len(l.history) > statusKeep {
		l.history = l.history[len(l.history)-statusKeep:]
	}
	l.shown++
	n := l.shown
	l.SetText(msg)
	l.after(statusHold, func() {
		if l.shown == n {
			l.shown = 0
			l.SetText(l.standing)
		}
	})
}

// detailsText is the whole standing state and the recent messages, newest
// first.
func (l *statusLine) detailsText() string {
	var b strings.Builder
	b.WriteString(l.standing)
	if len(l.history) > 0 {
		b.WriteString("\n\nRecent messages, newest first:\n")
		for i := len(l.history) - 1; i >= 0; i-- {
			b.WriteString(l.history[i] + "\n")
		}
	}
	return b.String()
}

// Tapped implements fyne.Tappable: the details view opens.
func (l *statusLine) Tapped(*fyne.PointEvent) {
	if l.details != nil {
		l.details()
	}
}

// showStatusDetails opens the status line's details view (UI goroutine).
func (v *Viewer) showStatusDetails() {
	text := widget.NewLabel(v.status.detailsText())
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, 260))
	dialog.ShowCustom("Status", "Close", scroll, v.win)
}
