// Package chart draws the blog post's plots of a measurement session, and
// more: fps per record window and mean frame size per window (the post's
// two), camera-to-screen latency p50 and p99 and drops per window, one line
// per connection. It draws with gonum/plot into an RGBA image at the pixel
// density asked for (2x on a Retina screen, so text and lines stay sharp)
// for the window's chart panel, and into a PNG beside the saved CSV: one
// drawing for both. It knows nothing of Fyne.
package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/vidstream/vidstream/app/stats"
)

// Style is the chart's colours: Dark for the window, Light for files.
type Style struct {
	Background, Foreground, Grid color.Color
}

// The two styles.
var (
	Dark  = Style{Background: color.NRGBA{0x17, 0x17, 0x18, 0xff}, Foreground: color.NRGBA{0xe6, 0xe6, 0xe6, 0xff}, Grid: color.NRGBA{0x40, 0x40, 0x44, 0xff}}
	Light = Style{Background: color.White, Foreground: color.Black, Grid: color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}}
)

// palette gives each connection its colour, in turn (Okabe-Ito, kind to
// colour-blind eyes and readable on dark and light).
var palette = []color.Color{
	color.NRGBA{0x56, 0xb4, 0xe9, 0xff}, color.NRGBA{0xe6, 0x9f, 0x00, 0xff}, color.NRGBA{0x00, 0x9e, 0x73, 0xff},
	color.NRGBA{0xcc, 0x79, 0xa7, 0xff}, color.NRGBA{0xf0, 0xe4, 0x42, 0xff}, color.NRGBA{0xd5, 0x5e, 0x00, 0xff},
}

// Limits on a drawing, so that a hostile size asked for cannot exhaust
// memory: at most 8192 pixels a side.
const maxSide = 8192

// Render draws the chart of entries, w x h points at scale pixels a point
// (the screen's scale: 2 on a Retina display), and returns the image, w*scale
// x h*scale pixels, tightly packed with Min (0,0) as Fyne's fast path wants;
// the caller owns it. With no entries it draws the empty axes and says the
// first window is on its way.
func Render(entries []stats.Entry, w, h, scale float64, st Style) (*image.RGBA, error) {
	if !(w >= 1 && h >= 1 && scale > 0) || w*scale > maxSide || h*scale > maxSide {
		return nil, fmt.Errorf("chart: cannot draw %gx%g points at scale %g", w, h, scale)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(int(72*scale+0.5)),
		vgimg.UseBackgroundColor(st.Background))
	plots := [][]*plot.Plot{
		{panel(st, "frames per second", "fps"), panel(st, "mean frame size", "KB")},
		{panel(st, "camera to screen (p50 —, p99 - -)", "ms"), panel(st, "dropped (viewer —, camera - -)", "frames")},
	}
	series := byConnection(entries)
	for i, s := range series {
		col := palette[i%len(palette)]
		add(plots[0][0], s, col, false, func(e stats.Entry) (float64, bool) { return e.FPS(), true })
		add(plots[0][1], s, col, false, func(e stats.Entry) (float64, bool) { return e.AvgSize / 1000, true })
		add(plots[1][0], s, col, false, stage(stats.StageTotal, 0.5))
		add(plots[1][0], s, col, true, stage(stats.StageTotal, 0.99))
		add(plots[1][1], s, col, false, func(e stats.Entry) (float64, bool) { return float64(e.Dropped), true })
		add(plots[1][1], s, col, true, func(e stats.Entry) (float64, bool) { return float64(e.SenderDropped), true })
		plots[0][0].Legend.Add(s.label, legendThumb(col))
	}
	if len(series) == 0 {
		plots[0][0].Title.Text = "frames per second (the first record window is on its way)"
	}
	// Room above the lines for the legend.
	fps := plots[0][0]
	fps.Y.Max = fps.Y.Max*(1+0.12*float64(len(series)+1)) + 1
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(12), PadY: vg.Points(10),
		PadTop: vg.Points(6), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(10)}
	canvases := plot.Align(plots, tiles, dc)
	for j := range plots {
		for i := range plots[j] {
			plots[j][i].Draw(canvases[j][i])
		}
	}
	img, ok := c.Image().(*image.RGBA)
	if !ok || img.Rect.Min != (image.Point{}) || img.Stride != 4*img.Rect.Dx() {
		return nil, fmt.Errorf("chart: the canvas gave a %T, not a packed RGBA", c.Image())
	}
	return img, nil
}

// WritePNG draws the chart of entries in the Light style, 900x600 points at
// scale 2, as a PNG into w: what Save puts beside the CSV.
func WritePNG(w io.Writer, entries []stats.Entry) error {
	img, err := Render(entries, 900, 600, 2, Light)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("chart: writing the PNG: %w", err)
	}
	return nil
}

// series is one connection's windows, at their numbers in the session.
type series struct {
	label   string
	windows []int
	entries []stats.Entry
}

// byConnection splits entries by connection, in order of first window.
func byConnection(entries []stats.Entry) []series {
	var out []series
	index := map[int]int{}
	for i, e := range entries {
		k, ok := index[e.Conn]
		if !ok {
			k = len(out)
			index[e.Conn] = k
			out = append(out, series{label: fmt.Sprintf("%d: %s", e.Conn, e.Sender)})
		}
		out[k].windows = append(out[k].windows, i)
		out[k].entries = append(out[k].entries, e)
	}
	return out
}

// stage gives a window's latency quantile q (0.5 or 0.99) of stage s in
// ms, when it measured any.
func stage(s stats.Stage, q float64) func(stats.Entry) (float64, bool) {
	return func(e stats.Entry) (float64, bool) {
		l := e.Stages[s]
		d := l.P50
		if q > 0.5 {
			d = l.P99
		}
		return float64(d) / float64(time.Millisecond), l.Frames > 0
	}
}

// add draws one value of series s as a line with its points, in col, dashed
// when dashed; windows without the value are left out.
func add(p *plot.Plot, s series, col color.Color, dashed bool, value func(stats.Entry) (float64, bool)) {
	var xys plotter.XYs
	for i, e := range s.entries {
		if y, ok := value(e); ok {
			xys = append(xys, plotter.XY{X: float64(s.windows[i]), Y: y})
		}
	}
	if len(xys) == 0 {
		return
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return // NaN or Inf: nothing to draw
	}
	line.Color, line.Width = col, vg.Points(1.5)
	if dashed {
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	points.Color, points.Radius = col, vg.Points(1.8)
	p.Add(line, points)
}

// legendThumb is a connection's swatch in the legend.
func legendThumb(col color.Color) plot.Thumbnailer {
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
	l.Color, l.Width = col, vg.Points(3)
	return l
}

// styleText sets a text's colour, its size in points and the sans-serif
// face (gonum/plot's default is a serif).
func styleText(t *text.Style, st Style, size float64) {
	t.Color = st.Foreground
	t.Font.Size = vg.Points(size)
	t.Font.Variant = "Sans"
}

// panel is an empty plot in style st: title, y label, window numbers on x.
func panel(st Style, title, unit string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.Transparent
	p.Title.Text = title
	styleText(&p.Title.TextStyle, st, 11)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = st.Foreground
		styleText(&a.Label.TextStyle, st, 9)
		styleText(&a.Tick.Label, st, 8)
		a.Tick.Color = st.Foreground
		a.Min = 0
	}
	p.X.Label.Text = "record window"
	p.Y.Label.Text = unit
	styleText(&p.Legend.TextStyle, st, 8)
	p.Legend.Top, p.Legend.Left = true, true
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = st.Grid, st.Grid
	p.Add(grid)
	return p
}
