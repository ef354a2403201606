//go:build !linux || !cgo || !go4vl

package capture

import (
	"fmt"
	"runtime"
)

// v4l2Available says whether this build has the go4vl camera device.
const v4l2Available = false

// openPlatformDevice fails: this build has no V4L2 camera source. It needs
// Linux, cgo (go4vl includes the kernel's V4L2 headers) and the go4vl build
// tag (so that the viewer, which shares this package, does not compile go4vl).
func openPlatformDevice(string) (device, error) {
	if runtime.GOOS != "linux" {
		return nil, ErrV4L2Unsupported
	}
	return nil, fmt.Errorf("%w: this picam was built without it (it needs cgo and -tags go4vl, as make pi builds it; "+
		"otherwise use -source stdin)", ErrV4L2Unsupported)
}
