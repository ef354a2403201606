//go:build linux || darwin

package capture

import (
	"net"

	"golang.org/x/sys/unix"
)

// setUnsentLimit sets TCP_NOTSENT_LOWAT: the socket takes more data only
// while fewer than n bytes wait unsent, so a write of a frame returns once
// all but about n bytes of it are on their way, and the next frame the
// sender picks is the newest.
func setUnsentLimit(c *net.TCPConn, n int) error {
	raw, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NOTSENT_LOWAT, n)
	}); err != nil {
		return err
	}
	return serr
}
