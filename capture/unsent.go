package capture

import (
	"fmt"
	"net"
)

// UnsentLimit is the most bytes picam lets wait unsent in the kernel's send
// buffer of a connection to the viewer. Frames wait in the send loop
// instead, where a newer frame replaces an older one: with the kernel's
// default (several megabytes) a link slower than the camera holds seconds
// of old frames there, which newest-frame-wins cannot reach. 32 KiB keeps
// the link busy while the sender refills it (6.5 ms at 20 Mbit/s, 50 ms at
// 5) and is a fraction of one camera frame.
const UnsentLimit = 32 << 10

// limitUnsent bounds what conn lets wait in the kernel to about UnsentLimit
// (see setUnsentLimit for how, per system). A conn that is not a TCP
// connection is left alone.
func limitUnsent(conn net.Conn) error {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return nil
	}
	if err := setUnsentLimit(tc, UnsentLimit); err != nil {
		return fmt.Errorf("limiting the unsent bytes of the connection: %w", err)
	}
	return nil
}
