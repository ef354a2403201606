// Package assets holds the resources bundled into Vidstream: its icon.
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
