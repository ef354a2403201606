// Package receive accepts camera connections and turns their byte streams
// into frames ready for the screen.
//
// Each connection gets two goroutines: a reader that takes frames off the
// socket as fast as they come, and a decoder that turns the newest of them
// into a tightly packed *image.RGBA. Neither ever waits for the stage after
// it: a frame not yet taken is replaced by a newer one and counted as
// dropped, so nothing queues behind a slow consumer and latency stays bounded.
//
// The package knows nothing of Fyne: the viewer window and the headless mode
// both drive it through the Handler interface.
package receive
