package ui

import (
	"net"
	"strings"
	"testing"
)

func TestConnectHelp(t *testing.T) {
	any := func(port int) net.Addr { return &net.TCPAddr{IP: net.IPv4zero, Port: port} }
	got := connectHelp(any(1308), []string{"192.168.0.23", "10.0.0.5"}, "")
	for _, want := range []string{
		"Waiting for a camera on 192.168.0.23:1308 or 10.0.0.5:1308.",
		"./picam -source v4l2 -W 1280 -H 720 -fps 30 -to 192.168.0.23:1308\n",
		"| ./picam -source stdin -format jpeg -to 192.168.0.23:1308\n",
		"./picam -source test -to 192.168.0.23:1308\n",
		"python3 client.py -ip 23 -W 320",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("help lacks %q:\n%s", want, got)
		}
	}
	// A viewer listening on one address gives that one.
	if got := connectHelp(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 1308}, []string{"192.168.0.23"}, ""); !strings.Contains(got, "-to 127.0.0.2:1308") {
		t.Errorf("help for one listening address:\n%s", got)
	}
	// client.py only reaches 192.168.0.N:1308 without an edit.
	got = connectHelp(any(1400), []string{"192.168.1.40"}, "")
	if want := `setting its ip_address line to "192.168.1.40" and its port 1308 to 1400`; !strings.Contains(got, want) {
		t.Errorf("help lacks %q:\n%s", want, got)
	}
	if got := connectHelp(any(1308), nil, ""); !strings.Contains(got, "-to 127.0.0.1:1308") {
		t.Errorf("help without LAN addresses:\n%s", got)
	}
	// Advertised on the network, the Pi needs no address: the lines have
	// no -to, and the address is given for where multicast does not reach.
	got = connectHelp(any(1308), []string{"192.168.0.23"}, "Vidstream on mac")
	for _, want := range []string{
		`on the network as "Vidstream on mac"`,
		"./picam -source test\n",
		"./picam -source v4l2 -W 1280 -H 720 -fps 30\n",
		"add -to 192.168.0.23:1308",
		"python3 client.py -ip 23",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("advertised help lacks %q:\n%s", want, got)
		}
	}
}
