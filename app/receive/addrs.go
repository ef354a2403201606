package receive

import (
	"net"
	"strconv"
	"strings"
)

// LANAddrs lists this machine's IPv4 addresses on interfaces that are up,
// loopback excluded: what a user types on the Pi.
func LANAddrs() []string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []string
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLinkLocalUnicast() {
				out = append(out, ipn.IP.String())
			}
		}
	}
	return out
}

// WaitingMessage says where senders can reach a server listening on addr:
// "Waiting for a camera on 192.168.1.23:1308". A wildcard address is spelt
// out as the LAN addresses given (loopback when there are none).
func WaitingMessage(addr net.Addr, lan []string) string {
	eps := Endpoints(addr, lan)
	if eps == nil {
		return "Waiting for a camera on " + addr.String()
	}
	return "Waiting for a camera on " + strings.Join(eps, " or ")
}

// Endpoints are the host:port pairs senders reach a server listening on
// addr at: addr itself, or for a wildcard address each of the LAN
// addresses given (loopback when there are none). Nil when addr is no
// host:port.
func Endpoints(addr net.Addr, lan []string) []string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil
	}
	ip := net.ParseIP(host)
	hosts := []string{host}
	if ip == nil || ip.IsUnspecified() {
		hosts = lan
		if len(hosts) == 0 {
			hosts = []string{"127.0.0.1"}
		}
	}
	eps := make([]string, len(hosts))
	for i, h := range hosts {
		eps[i] = net.JoinHostPort(h, port)
	}
	return eps
}

// ListenAddr is the address to listen on for a port on all interfaces.
func ListenAddr(port int) string { return ":" + strconv.Itoa(port) }
