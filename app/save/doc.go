// Package save writes the viewer's files (snapshots, measurement summaries,
// statistics) so that none is ever lost or half-written: each file is
// written to a temporary file in the target folder, synced, and only then
// given its final name. A Saver names files itself and never replaces one;
// WriteFile writes a name the user gave, replacing an older file whole.
// Snapshot holds the one policy for how a frame is saved: a JPEG frame as its
// own bytes, a raw frame as PNG.
//
// The package is pure Go and has no GUI dependency.
package save
