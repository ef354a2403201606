package receive

import (
	"net"
	"testing"
)

func TestWaitingMessage(t *testing.T) {
	cases := []struct {
		addr string
		lan  []string
		want string
	}{
		{"[::]:1308", []string{"192.168.1.23"}, "Waiting for a camera on 192.168.1.23:1308"},
		{"0.0.0.0:1308", []string{"192.168.1.23", "10.0.0.5"}, "Waiting for a camera on 192.168.1.23:1308 or 10.0.0.5:1308"},
		{"[::]:9000", nil, "Waiting for a camera on 127.0.0.1:9000"},
		{"127.0.0.1:1308", []string{"192.168.1.23"}, "Waiting for a camera on 127.0.0.1:1308"},
	}
	for _, tc := range cases {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := WaitingMessage(addr, tc.lan); got != tc.want {
			t.Errorf("WaitingMessage(%s, %v) = %q, want %q", tc.addr, tc.lan, got, tc.want)
		}
	}
}

func TestLANAddrsExcludesLoopback(t *testing.T) {
	for _, a := range LANAddrs() {
		ip := net.ParseIP(a)
		if ip == nil || ip.IsLoopback() || ip.To4() == nil {
			t.Errorf("LANAddrs gave %q", a)
		}
	}
}
