// Package jpeg reads JPEG bytes for vidstream: recognising a JPEG, walking
// its marker segments the way libjpeg does, completing Motion-JPEG frames
// that leave out their Huffman tables, and decoding into the tightly packed
// RGBA the screen shows. A Decoder decodes each frame as it would alone,
// whatever it decoded before: it completes the Huffman tables a frame leaves
// out and refuses a frame that leaves out others (tables.go).
//
// Decoding comes as a pair of builds with the same API (Decoder, Backend):
// decoder_turbo.go binds libjpeg-turbo's TurboJPEG API with cgo (the
// turbojpeg build tag), decoding straight into the caller's RGBA, scaled down
// to the size shown; decoder_std.go uses Go's image/jpeg. Both refuse an
// image over a pixel cap before allocating for it.
package jpeg
