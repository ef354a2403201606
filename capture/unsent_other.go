//go:build !linux && !darwin

package capture

import "net"

// setUnsentLimit, where TCP_NOTSENT_LOWAT is missing, shrinks the whole
// send buffer to twice n: a coarser bound (it also holds the bytes in
// flight) but still far from the default's seconds of frames.
func setUnsentLimit(c *net.TCPConn, n int) error {
	return c.SetWriteBuffer(2 * n)
}
