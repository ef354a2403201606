// Package settings holds the viewer's user settings (listening port, raw
// frame size, record window, save folder, YUV colour), their defaults and
// bounds, and their storage in Fyne preferences.
//
// It imports Fyne only for the fyne.Preferences interface, so it needs no
// display and no cgo.
package settings
