//go:build !linux || !cgo

package v4l2

import (
	"fmt"
	"runtime"
)

// Available reports whether this build has the V4L2 camera device (go4vl's,
// on Linux with cgo). Without it Open and List return errUnsupported.
const Available = false

// openPlatformDevice fails: this build has no V4L2 camera device. It needs
// Linux and cgo (go4vl includes the kernel's V4L2 headers).
func openPlatformDevice(string) (device, error) {
	if runtime.GOOS != "linux" {
		return nil, errUnsupported
	}
	return nil, fmt.Errorf("%w: this picam was built without it (it needs cgo, as make pi builds it; "+
		"otherwise use -source stdin)", errUnsupported)
}
