// Package stats measures a live frame stream for the viewer: frames received
// and shown per second, frame sizes, decode latency, drops and errors, and the
// blog post's periodic records ("Nbr_frames ... Elapsed Time ... Average img
// length") together with the summary file its Python server writes.
//
// Everything here is pure Go and takes the time as an argument, so tests drive
// it with a fake clock. A Meter costs O(1) memory however fast frames arrive,
// apart from the records it keeps (one per window, at most maxRecords).
package stats
