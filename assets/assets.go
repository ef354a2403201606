// Package assets holds the resources bundled into Vidstream: its icon and
// the chart panel's toolbar icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon returns the application icon (512x512 PNG), as named in
// FyneApp.toml.
func Icon() fyne.Resource { return icon }

var icon = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed chart.svg
var chartSVG []byte

// ChartIcon returns the toolbar icon of the chart panel: a line chart, an
// SVG in one colour for a themed resource to recolour.
func ChartIcon() fyne.Resource { return chartIcon }

var chartIcon = fyne.NewStaticResource("chart.svg", chartSVG)
