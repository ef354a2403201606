// Package ui is Vidstream's window: the live picture, its readouts, the
// status line, Save and Settings.
//
// It is a thin layer over package receive. Frames reach the screen through a
// single long-lived canvas.Image fed a tightly packed *image.RGBA with
// ImageScaleFastest; every widget change goes through fyne.Do, and a new frame
// is scheduled only when none is pending, so the UI never queues frames.
package ui
