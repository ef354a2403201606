package capture

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestDialerPrefersBBR(t *testing.T) {
	avail, _ := os.ReadFile("/proc/sys/net/ipv4/tcp_available_congestion_control")
	ln := listenAt(t, "127.0.0.1:0")
	go func() {
		if c, err := ln.Accept(); err == nil {
			defer c.Close()
			time.Sleep(time.Second)
		}
	}()
	w, err := TCPDialer(ln.Addr().String(), time.Second)(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	raw, err := w.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var cc string
	raw.Control(func(fd uintptr) { cc, _ = unix.GetsockoptString(int(fd), unix.IPPROTO_TCP, unix.TCP_CONGESTION) })
	cc = strings.TrimRight(cc, "\x00")
	if strings.Contains(string(avail), preferredCongestion) && os.Geteuid() == 0 && cc != preferredCongestion {
		t.Errorf("congestion control %q, want %q (available: %s)", cc, preferredCongestion, avail)
	}
	if cc == "" {
		t.Error("no congestion control read back")
	}
	t.Logf("congestion control %q (available: %s)", cc, strings.TrimSpace(string(avail)))
}
