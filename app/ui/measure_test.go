package ui

import (
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/vidstream/vidstream/app/settings"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// streamFor sends a seed JPEG every 20 ms to addr for d, then the end
// marker, and waits until the viewer says the stream ended.
func streamFor(t *testing.T, v *Viewer, addr string, d time.Duration) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	jpg := wiretest.JPEG(t, wiretest.Solid(32, 32, color.RGBA{0, 0, 255, 255}), 90)
	sent := false
	for start := time.Now(); time.Since(start) < d; time.Sleep(20 * time.Millisecond) {
		if _, err := c.Write(seed(jpg)); err != nil {
			t.Fatal(err)
		}
		if !sent {
			sent = true
			until(t, "the stream's start", func() bool { return ui(v, v.anyLive) })
		}
	}
	c.Write([]byte{0, 0, 0, 0})
	until(t, "the end of the stream", func() bool {
		return ui(v, func() bool { return !v.anyLive() && len(v.bySession) == 0 })
	})
}

// csvRows returns the data rows of the one file in dir matching pattern.
func csvRows(t *testing.T, dir, pattern string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(files) != 1 {
		t.Fatalf("files %v for %s, want one", files, pattern)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	return lines[1:]
}

// The records of two connections in a row both land in the saved CSV, in
// order, each row of the details saying which connection it is.
func TestViewerSavesTheRecordsOfEveryConnection(t *testing.T) {
	v, addr := startViewer(t, func(s *settings.Settings) { s.Window = 200 * time.Millisecond })
	streamFor(t, v, addr, 500*time.Millisecond)
	streamFor(t, v, addr, 500*time.Millisecond)
	v.Save()
	until(t, "the save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved ") })
	})
	dir := ui(v, func() string { return v.set.SaveDir })
	details := csvRows(t, dir, "*-details.csv")
	summary := csvRows(t, dir, "vidstream-*[0-9].csv")
	if len(summary) != len(details) || len(summary) < 4 {
		t.Fatalf("summary %q, details %q: want the same rows, at least 2 windows a connection", summary, details)
	}
	conns := map[string]int{}
	for i, row := range details {
		f := strings.Split(row, ",")
		if f[0] != itoa(i) {
			t.Errorf("details row %d is window %s", i, f[0])
		}
		conns[f[1]]++
		if i > 0 && f[1] < strings.Split(details[i-1], ",")[1] {
			t.Errorf("connection %s after %s: out of order", f[1], strings.Split(details[i-1], ",")[1])
		}
	}
	if conns["1"] < 2 || conns["2"] < 2 || len(conns) != 2 {
		t.Errorf("rows by connection %v, want both connections' windows", conns)
	}
	// Saved: closing the window writes nothing more.
	v.Close()
	if files, _ := os.ReadDir(dir); len(files) != 4 {
		t.Errorf("%d files after closing, want the 4 saved (snapshot, summary, details, chart)", len(files))
	}
}

// Closing the window with records not saved yet leaves them on disk.
func TestViewerKeepsUnsavedRecordsWhenClosed(t *testing.T) {
	v, addr := startViewer(t, func(s *settings.Settings) { s.Window = 200 * time.Millisecond })
	streamFor(t, v, addr, 500*time.Millisecond)
	dir := ui(v, func() string { return v.set.SaveDir })
	v.Window().Close()
	until(t, "the records written", func() bool {
		files, _ := filepath.Glob(filepath.Join(dir, "*-details.csv"))
		return len(files) == 1
	})
	summary := csvRows(t, dir, "vidstream-*[0-9].csv")
	if len(summary) < 2 || !strings.HasSuffix(csvRows(t, dir, "*-details.csv")[len(summary)-1], ",true") {
		t.Errorf("summary %q: want the windows of the stream, the short last one marked in the details", summary)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.jpg")); len(files) != 0 {
		t.Errorf("closing saved a snapshot %v: only the measurements are kept", files)
	}
}

// The chart panel, once shown, draws the session at its size in pixels,
// and again as each record window closes; Save puts the chart beside the
// CSV.
func TestViewerChartPanel(t *testing.T) {
	v, addr := startViewer(t, func(s *settings.Settings) { s.Window = 200 * time.Millisecond })
	v.Window().Resize(fyne.NewSize(800, 600))
	fyne.DoAndWait(v.ToggleCharts)
	until(t, "a first drawing", func() bool { return v.charts.drawing.Load() > 0 })
	first := v.charts.drawing.Load()
	streamFor(t, v, addr, 700*time.Millisecond)
	until(t, "drawings as windows close", func() bool { return v.charts.drawing.Load() >= first+2 })
	img := ui(v, func() image.Image { return v.charts.img.Image })
	size := ui(v, func() fyne.Size { return v.charts.size })
	scale := v.Window().Canvas().Scale()
	if b := img.Bounds(); b.Dx() != int(size.Width*scale+0.5) || b.Dy() != int(size.Height*scale+0.5) || b.Dx() < 200 {
		t.Errorf("chart %v for a panel of %v at scale %v", b, size, scale)
	}
	v.Save()
	until(t, "the save", func() bool {
		return ui(v, func() bool { return strings.HasPrefix(v.status.Text, "Saved ") })
	})
	files, _ := filepath.Glob(filepath.Join(ui(v, func() string { return v.set.SaveDir }), "*-chart.png"))
	if len(files) != 1 {
		t.Fatalf("charts saved: %v", files)
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 1800 {
		t.Errorf("saved chart: %+v, %v", cfg, err)
	}
	fyne.DoAndWait(v.ToggleCharts)
	if ui(v, func() bool { return v.charts.shown.Load() }) {
		t.Error("the panel still shows after a second toggle")
	}
}
