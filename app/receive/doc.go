// Package receive accepts camera connections and turns byte streams, live
// or recorded, into frames ready for the screen.
//
// A Server listens and runs one Session at a time. A Session reads one
// stream, from a connection or from any io.Reader (a recording), through one
// pipeline (pipeline.go): frames are read into reused packets, decoded by
// decoders the stream's codec makes (package codec), each owned by one
// goroutine for the stream's life, and wait for the screen in a
// newest-frame-wins hand-off. Live, the reader never waits for a decoder
// nor a decoder for the screen: a frame not taken in time is replaced by a
// newer one and counted as dropped, so nothing queues and latency stays
// bounded. JPEG and raw frames decode on one goroutine per core (at most 4 by
// default), still shown in arrival order; a codec whose frames depend on the
// ones before gets one decoder and every frame in order, dropping whole
// groups when it falls behind. Lossless, for recordings, every frame is
// decoded in order.
//
// The package knows nothing of Fyne: the viewer window and the headless mode
// both drive it through the Handler interface.
package receive
