package receive

import "github.com/vidstream/vidstream/wire/pixel"

// What the viewer holds, whatever senders send. Decoding is under one
// budget (pixel.DefaultDecodeBudget, 256 MiB) shared by every decoder of
// every session in the process: a frame reserves its picture and its
// decoder's working memory before it is decoded, waits while the others
// hold the rest, and one needing more than the whole budget is refused and
// counted as a decode error. Outside decoding, a session holds a fixed set
// of buffers, reused frame after frame: decoders+2 packets, each at most
// MaxFrame, and as many pictures, each at most the pixel cap.

// SoftMemoryLimit is the Go memory size, in bytes (384 MiB), past which the
// viewer's garbage collector works harder to stay under it
// (debug.SetMemoryLimit): big frames leave big garbage (a 16.7 MP picture
// is 67 MB), and without a limit the heap may grow to twice what is live
// before it is collected. It is above what a camera's stream keeps live (a
// 12 MP stream decoding on four goroutines: about 300 MB), so that the
// collector does not thrash for a real camera. Measured with a 16.7 MP
// progressive JPEG sent as fast as loopback takes it, the viewer's RSS
// peaked at 489 MiB with this limit, 518 MiB with 512 MiB.
const SoftMemoryLimit = 384 << 20

// sharedBudget is the decode budget of sessions whose Config names none.
var sharedBudget = pixel.NewBudget(pixel.DefaultDecodeBudget)
