//go:build !linux

package capture

import "net"

// preferCongestion keeps the system's congestion control: picking one per
// socket is Linux's (see congestion_linux.go).
func preferCongestion(*net.TCPConn) bool { return false }
