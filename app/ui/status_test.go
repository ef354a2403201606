package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestStatusMessageGivesWayToTheStandingState: a one-off message shows,
// then the standing state returns; a newer message is not cut short by an
// older one's timer; the details view has the whole standing text and the
// messages, newest first.
func TestStatusMessageGivesWayToTheStandingState(t *testing.T) {
	test.NewTempApp(t)
	var timers []func()
	l := newStatusLine(func(_ time.Duration, fn func()) { timers = append(timers, fn) })
	l.setStanding("Waiting for a camera on 192.168.1.23:1308")
	if l.Text != "Waiting for a camera on 192.168.1.23:1308" {
		t.Fatalf("standing state not shown: %q", l.Text)
	}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	l.message("Saved a.jpg", now)
	l.setStanding("Streaming from pi (192.168.1.50:40000)") // while the message shows
	l.message("Refused a camera", now.Add(time.Second))
	if l.Text != "Refused a camera" {
		t.Fatalf("status %q, want the newest message", l.Text)
	}
	timers[0]() // the first message's time is up: the second stays
	if l.Text != "Refused a camera" {
		t.Fatalf("an older message's timer replaced the newer one: %q", l.Text)
	}
	timers[1]()
	if l.Text != "Streaming from pi (192.168.1.50:40000)" {
		t.Fatalf("after the message: %q, want the standing state", l.Text)
	}
	d := l.detailsText()
	if !strings.HasPrefix(d, "Streaming from pi (192.168.1.50:40000)\n") ||
		strings.Index(d, "10:00:01  Refused a camera") > strings.Index(d, "10:00:00  Saved a.jpg") {
		t.Errorf("details:\n%s", d)
	}
}

// TestStatusLineOpensDetails: clicking the status line opens the details.
func TestStatusLineOpensDetails(t *testing.T) {
	v, _ := startViewer(t, nil)
	if v.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog is open already")
	}
	fyne.DoAndWait(func() { test.Tap(v.status) })
	if v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("clicking the status line opened nothing")
	}
}

// TestSettingsEntryKeys: Enter applies the form, Escape cancels it.
func TestSettingsEntryKeys(t *testing.T) {
	test.NewTempApp(t)
	var submitted, cancelled int
	e := newFormEntry("1308", func() { submitted++ }, func() { cancelled++ })
	w := test.NewWindow(e)
	defer w.Close()
	w.Canvas().Focus(e)
	e.CursorColumn = 4
	test.Type(e, "0")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if submitted != 1 || cancelled != 1 || e.Text != "13080" {
		t.Errorf("submitted %d, cancelled %d, text %q", submitted, cancelled, e.Text)
	}
}

// TestTipShowsOnHover: a button's tip shows while the pointer rests on
// it, above the button, and goes when it leaves.
func TestTipShowsOnHover(t *testing.T) {
	v, _ := startViewer(t, nil)
	b := v.recordBtn
	// The driver calls the hover methods on the UI goroutine: here, under
	// the viewer's lock, as its callbacks run.
	ui(v, func() bool { b.MouseIn(nil); return true })
	until(t, "the tip", func() bool { return ui(v, v.tips.tip.Visible) })
	ui(v, func() bool {
		if got := v.tips.label.Text; !strings.HasPrefix(got, "Record the focused camera's stream") {
			t.Errorf("tip %q", got)
		}
		b.MouseOut()
		if v.tips.tip.Visible() {
			t.Error("the tip stayed after the pointer left")
		}
		return true
	})
}
