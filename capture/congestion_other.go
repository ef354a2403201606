//go:build !linux

package capture

import "net"

// preferCongestion keeps the system's congestion control: picking one per
// socket is Linux's (see congestion_linux.go).
func preferCongestion(*net.TCPConn) bool { return false }

// linkStats reports nothing where TCP_INFO's delivery rate is Linux's.
func linkStats(*net.TCPConn) (rate uint64, retrans uint32, ok bool) { return 0, 0, false }

// setPacing does nothing: SO_MAX_PACING_RATE is Linux's.
func setPacing(*net.TCPConn, uint64) error { return nil }
