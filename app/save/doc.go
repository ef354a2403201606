// Package save writes the viewer's files (snapshots and measurement
// summaries) so that none is ever lost or half-written: each file is written
// to a temporary file in the target folder, synced, and only then given its
// final name, which never replaces a file already there.
//
// The package is pure Go and has no GUI dependency.
package save
