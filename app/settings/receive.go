package settings

import (
	"net"
	"strconv"

	"github.com/vidstream/vidstream/app/receive"
)

// Receive is the one way from the settings to the receiver's configuration,
// for the window and headless mode alike: the port, the raw frame size, YUV
// colour, the record window, the cameras at once and whether unencrypted
// senders are accepted are the settings'; the rest comes from base,
// which the command line makes: the host to listen on (base.Addr's host, ""
// for every interface, as is an empty base.Addr), the frame timeout, the
// decoders, the caps. A base.Addr that is no HOST:PORT with a numeric port
// is kept as it is, for the listener to use or say what is wrong with it.
func (s Settings) Receive(base receive.Config) receive.Config {
	host, port, err := net.SplitHostPort(base.Addr)
	if _, perr := strconv.Atoi(port); base.Addr == "" || (err == nil && perr == nil) {
		base.Addr = net.JoinHostPort(host, strconv.Itoa(s.Port))
	}
	base.Decode.Size = s.FrameSize
	base.Decode.Color = s.YUVColor
	base.Window = s.Window
	base.Cameras = s.Cameras
	base.RefusePlain = !s.AcceptPlain
	return base
}
