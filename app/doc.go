// Package app is Vidstream's command line: it reads the flags and runs the
// viewer window or headless mode. The packages below it hold the logic:
// receive (the listener and the one pipeline for live and recorded streams),
// stats (readouts and the post's records), save (files never half written),
// settings (and the one way from them to the receiver's configuration), ui
// (the Fyne window), headless, demo (the built-in camera), and cmd/vidbench
// (the benchmark against ffmpeg).
package app
