//go:build !linux || !cgo || !go4vl || 386 || arm || mips || mipsle

package capture

import (
	"fmt"
	"runtime"
)

// v4l2Available says whether this build has the go4vl camera device.
const v4l2Available = false

// openPlatformDevice fails: this build has no V4L2 camera source. It needs
// Linux, cgo (go4vl includes the kernel's V4L2 headers), the go4vl build
// tag, and a 64-bit target (go4vl v0.5.0 does not compile for 32-bit ones).
func openPlatformDevice(string) (device, error) {
	if runtime.GOOS != "linux" {
		return nil, ErrV4L2Unsupported
	}
	return nil, fmt.Errorf("%w: this picam was built without it (it needs cgo, -tags go4vl and a 64-bit target; "+
		"otherwise use -source stdin)", ErrV4L2Unsupported)
}
