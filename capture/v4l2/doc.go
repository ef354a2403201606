// Package v4l2 is picam's V4L2 camera source: a capture.Source that streams
// from a camera's device node (a Pi's legacy camera stack, a USB webcam)
// with mmap buffers, choosing the pixel format, size and frame rate with the
// camera, and List, which prints what the cameras offer (picam -list).
//
// Open returns a *Source: the capture.Source, plus its Notes (advice about
// the format the camera was set to) and Stats. Frames are handed out in
// place in the driver's buffers where the format allows: a Frame's Data is
// owned by the Source and valid until the next Next or Close.
//
// The camera device is go4vl's (the patched copy in third_party/go4vl) and
// needs Linux and cgo; in other builds Open and List return an error saying
// so (Available says which build this is). The viewer does not import this
// package.
package v4l2
