// Package probe measures camera-to-screen latency from outside a viewer:
// it reads the capture time that the test pattern draws into each frame as
// a strip of blocks (capture/testpattern's timecode) off the screen, grab
// after grab, and takes the moment each new frame first shows as the time
// it reached the screen. It needs no help from the viewer, so the same
// probe measures vidstream and ffplay alike (cmd/latprobe).
//
// The capture times are the sender's clock: the probe must run on the
// sender's machine, or on one whose clock is kept in step with it.
package probe
