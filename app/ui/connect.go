package ui

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
)

// connectHelp is how to connect a Pi to a viewer listening on addr, with
// the laptop's LAN addresses lan (receive.Endpoints: where a Pi reaches
// it): the exact picam and client.py lines, no links. The picture area
// shows it while no camera streams, and Help > How to connect a Pi at any
// time.
func connectHelp(addr net.Addr, lan []string, advertised string) string {
	eps := receive.Endpoints(addr, lan)
	if eps == nil {
		eps = []string{addr.String()}
	}
	to := eps[0]
	host, portText, _ := net.SplitHostPort(to)
	port, _ := strconv.Atoi(portText)
	var b strings.Builder
	fmt.Fprintf(&b, "%s.\n\n", receive.WaitingMessage(addr, lan))
	toFlag := " -to " + to
	if advertised != "" {
		// picam finds the viewer by itself; the address is for a Pi the
		// network's multicast does not reach.
		toFlag = ""
		fmt.Fprintf(&b, "This viewer is on the network as %q: picam on a Pi of the same network finds it by itself, with no address.\n", advertised)
		fmt.Fprintf(&b, "(Where it does not, add -to %s to its line.)\n\n", to)
	}
	b.WriteString("On the Pi, run Vidstream's sender, picam, with the line for its camera:\n\n")
	fmt.Fprintf(&b, "  legacy camera stack (Camera Module v1, v2, HQ):\n    ./picam -source v4l2 -W 1280 -H 720 -fps 30%s\n", toFlag)
	fmt.Fprintf(&b, "  libcamera (Camera Module 3, Bookworm, Pi 5):\n    rpicam-vid -t 0 -n --codec mjpeg --flush -o - | ./picam -source stdin -format jpeg%s\n", toFlag)
	fmt.Fprintf(&b, "  no camera, a test pattern:\n    ./picam -source test%s\n\n", toFlag)
	b.WriteString("The first time, this window asks whether to allow the camera, with a code: allow it if picam prints the same code.\n\n")
	b.WriteString(clientPyHelp(host, port))
	return b.String()
}

// clientPyHelp is how the blog post's client.py reaches the viewer: it
// connects to 192.168.0.N on port 1308 and takes N as -ip; other addresses
// and ports need its ip_address line (and port) edited.
func clientPyHelp(addr string, port int) string {
	const line = "python3 client.py -ip %s -W 320 -H 240 -format jpeg -vidport 1 -seq"
	ip := net.ParseIP(addr).To4()
	if ip != nil && ip[0] == 192 && ip[1] == 168 && ip[2] == 0 && port == wire.DefaultPort {
		return "Or the blog post's client:\n    " + fmt.Sprintf(line, strconv.Itoa(int(ip[3])))
	}
	return fmt.Sprintf("Or the blog post's client, after setting its ip_address line to \"%s\"%s:\n    %s",
		addr, portEdit(port), fmt.Sprintf(line, "0"))
}

func portEdit(port int) string {
	if port == wire.DefaultPort {
		return ""
	}
	return fmt.Sprintf(" and its port 1308 to %d", port)
}
