// Package pixel holds vidstream's pixel formats and frame layouts: the table
// of formats (each named by its FourCC, as protocol v2 and V4L2 name them),
// where a raw frame's bytes lie (picamera's and rpicam-vid's padding), how a
// raw payload's layout is told from its length in the blog post's seed
// streams, conversion of raw frames to the tightly packed RGBA the screen
// shows, and the encoders and converters the Pi side needs (picamera's raw
// byte layouts, YUYV to I420).
//
// Layouts are values and hold no buffer. Who owns a buffer is said on each
// function: most write into a dst the caller passes and owns, reused when it
// fits.
package pixel
