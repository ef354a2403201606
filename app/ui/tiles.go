package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/vidstream/vidstream/app/receive"
)

// Several cameras at once: each session gets a tile (tile.go), and the
// window lays the tiles out in a grid; one camera fills the window. A click
// on a tile, its number key, or N (the next) focuses it (an outline shows which):
// Save and Record act on the focused camera, and Z lets it fill the window
// alone until Z again. Up to Settings' "cameras at once" stream; a camera
// that leaves keeps its tile, marked, and a new camera beyond the limit
// takes the place of the oldest such tile.

// tileGap is the space between tiles.
const tileGap = 2

// gridLayout lays out the tiles in rows of equal cells: n tiles in
// ceil(sqrt(n)) columns.
type gridLayout struct{ v *Viewer }

func (g *gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := len(objs)
	if n == 0 {
		return
	}
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	w := (size.Width - tileGap*float32(cols-1)) / float32(cols)
	h := (size.Height - tileGap*float32(rows-1)) / float32(rows)
	for i, o := range objs {
		r, c := i/cols, i%cols
		o.Move(fyne.NewPos(float32(c)*(w+tileGap), float32(r)*(h+tileGap)))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (g *gridLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(160, 120) }

// tileFor is the tile a new session s shows in (UI goroutine): the tile of
// the same camera when it comes back (left, or being replaced by this very
// connection), else a new one. A new tile beyond the cameras-at-once
// limit takes the place of the oldest tile whose camera has left.
func (v *Viewer) tileFor(s *receive.Session) *tile {
	key := cameraKey(s)
	for _, t := range v.tiles {
		if t.key == key && (!t.live || t.session.Replaced()) {
			delete(v.bySession, t.session)
			return t
		}
	}
	if len(v.tiles) >= v.set.Cameras {
		for _, t := range v.tiles {
			if !t.live {
				v.removeTile(t)
				break
			}
		}
	}
	t := newTile(v.tips, v.focusTile, func(*tile) { v.ToggleFullScreen() }, v.closeTile)
	if v.noReadouts {
		t.overlay.Hide()
	}
	t.setActualSize(v.actualSize)
	v.tiles = append(v.tiles, t)
	if v.focused == nil {
		v.focused = t
	}
	v.layoutTiles()
	return t
}

// removeTile takes t off the window (UI goroutine).
func (v *Viewer) removeTile(t *tile) {
	for i, o := range v.tiles {
		if o == t {
			v.tiles = append(v.tiles[:i], v.tiles[i+1:]...)
			break
		}
	}
	delete(v.bySession, t.session)
	if v.focused == t {
		v.focused = nil
		if len(v.tiles) > 0 {
			v.focused = v.tiles[len(v.tiles)-1]
		}
		v.zoomed = false
	}
}

// closeTile closes the tile of a camera that has left (its close button;
// UI goroutine). A live camera's tile stays: it is the camera's to end.
func (v *Viewer) closeTile(t *tile) {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	if t.live {
		return
	}
	v.stopWatching(t.session.Remote) // a camera URL is not opened again
	v.removeTile(t)
	v.layoutTiles()
	v.updateStanding()
}

// focusTile focuses t (a click; UI goroutine).
func (v *Viewer) focusTile(t *tile) {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	v.setFocus(t)
}

// setFocus focuses t (under uiMu).
func (v *Viewer) setFocus(t *tile) {
	v.focused = t
	v.layoutTiles()
}

// FocusNumber focuses the n-th tile, from 1 (its number key; UI goroutine).
func (v *Viewer) FocusNumber(n int) {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	if n >= 1 && n <= len(v.tiles) {
		v.setFocus(v.tiles[n-1])
	}
}

// FocusNext focuses the tile after the focused one (N; UI goroutine).
func (v *Viewer) FocusNext() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	for i, t := range v.tiles {
		if t == v.focused {
			v.setFocus(v.tiles[(i+1)%len(v.tiles)])
			return
		}
	}
}

// ToggleZoom lets the focused tile fill the window alone, or brings the
// others back (Z; UI goroutine).
func (v *Viewer) ToggleZoom() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	v.zoomed = !v.zoomed && v.focused != nil
	v.layoutTiles()
}

// ToggleActualSize shows the pictures at 1:1 (one image pixel to one
// screen pixel, scrolled where larger than the tile) or fitted again (O;
// UI goroutine).
func (v *Viewer) ToggleActualSize() {
	v.uiMu.Lock()
	defer v.uiMu.Unlock()
	v.actualSize = !v.actualSize
	for _, t := range v.tiles {
		t.setActualSize(v.actualSize)
	}
}

// layoutTiles puts the tiles (or, without any, what to run on the Pi) in
// the picture area, the focused one outlined when there are several (under
// uiMu).
func (v *Viewer) layoutTiles() {
	objs := make([]fyne.CanvasObject, 0, len(v.tiles))
	for _, t := range v.tiles {
		t.setFocused(t == v.focused && len(v.tiles) > 1 && !v.zoomed)
		if !v.zoomed || t == v.focused {
			objs = append(objs, t.obj)
		}
	}
	v.grid.Objects = objs
	now := time.Now()
	for _, t := range v.tiles {
		if t.session != nil { // the readout fits the tile's new share of the window
			v.refreshTile(t, now)
		}
	}
	if len(objs) == 0 {
		v.video.Objects[0] = v.helpBox
	} else {
		v.video.Objects[0] = v.grid
	}
	v.video.Refresh()
	v.grid.Refresh()
}

// updateStanding sets the status line's standing state from the tiles
// (under uiMu): who streams, or where the viewer waits.
func (v *Viewer) updateStanding() {
	var live []*tile
	for _, t := range v.tiles {
		if t.live {
			live = append(live, t)
		}
	}
	var s string
	switch {
	case len(live) == 1 && live[0].frame == nil:
		s = fmt.Sprintf("Connected to %s: waiting for its first picture", live[0].name)
	case len(live) == 1 && live[0].session.Paced():
		s = "Playing " + live[0].name
	case len(live) == 1:
		s = "Streaming from " + live[0].name
	case len(live) > 1:
		names := make([]string, len(live))
		for i, t := range live {
			names[i] = t.name
		}
		s = fmt.Sprintf("Streaming from %d cameras: %s", len(live), strings.Join(names, ", "))
	case v.waiting != "":
		s = v.waiting
	default:
		return // the listen error stays
	}
	v.status.setStanding(s + v.recordingText())
}
