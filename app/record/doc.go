// Package record records a stream as the viewer receives it, without
// decoding it again, into a v2 recording in the save folder: the window's
// Record button. Frames come from a session's tap (receive.Tap) and are
// copied into a bounded queue; a goroutine writes them through a
// save.Saver, so the file appears whole under its final name when the
// recording stops, or not at all. It knows nothing of Fyne.
package record
