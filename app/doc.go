// Package app is Vidstream's command line: it reads the flags and runs the
// viewer window or headless mode. The packages below it hold the logic:
// receive (sockets, decoding, newest-frame-wins), stats, save, settings,
// ui (the Fyne window), headless and demo.
package app
