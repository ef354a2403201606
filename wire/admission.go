package wire

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Admission messages go viewer to sender on a v2 connection over TLS, after
// the handshake and the pairing session code exchange and before the sender
// writes its stream (PROTOCOL.md, "v2 over TLS"): the viewer admits the
// camera, or says that it is asking its person first, or refuses it
// (msgRefused, as WriteRefusal writes it).
const (
	msgAdmitted = 18
	msgAsking   = 19
)

// Admission is what a viewer said of a camera that asks to stream over TLS.
type Admission int

const (
	// Admitted: the viewer shows the stream; the sender writes it now.
	Admitted Admission = iota + 1
	// Asking: the viewer is asking its person whether to pair with the
	// camera, showing the session code; the sender shows its own code and
	// waits for Admitted or Refused.
	Asking
	// Refused: the viewer will not show the stream; the reason says why.
	Refused
)

// String names the admission in lower case, "admitted".
func (a Admission) String() string {
	switch a {
	case Admitted:
		return "admitted"
	case Asking:
		return "asking"
	case Refused:
		return "refused"
	}
	return fmt.Sprintf("Admission(%d)", int(a))
}

// WriteAdmission writes a to w, the connection of a camera that waits to be
// admitted: Admitted or Asking (a refusal is WriteRefusal's).
func WriteAdmission(w io.Writer, a Admission) error {
	var typ byte
	switch a {
	case Admitted:
		typ = msgAdmitted
	case Asking:
		typ = msgAsking
	default:
		return fmt.Errorf("wire: writing the admission: %v is not written with WriteAdmission", a)
	}
	if _, err := w.Write([]byte{typ, 0, 0, 0, 0}); err != nil {
		return fmt.Errorf("wire: writing the admission (%v): %w", a, err)
	}
	return nil
}

// ReadAdmission reads the viewer's next admission message from r: Admitted,
// Asking, or Refused with its reason (fit to print). Other messages (a time
// probe, one of a later version) are skipped; one over 4 KiB is an error, as
// is the connection ending first.
func ReadAdmission(r io.Reader) (a Admission, reason string, err error) {
	var h [msgHeaderLen]byte
	var body [maxReplyLen]byte
	for {
		if _, err := io.ReadFull(r, h[:]); err != nil {
			return 0, "", fmt.Errorf("wire: reading the viewer's answer: %w", err)
		}
		n := binary.LittleEndian.Uint32(h[1:])
		if n > maxReplyLen {
			return 0, "", fmt.Errorf("wire: the viewer's message of %d bytes is over %d", n, maxReplyLen)
		}
		b := body[:n]
		if _, err := io.ReadFull(r, b); err != nil {
			return 0, "", fmt.Errorf("wire: reading the viewer's answer: %w", err)
		}
		switch h[0] {
		case msgAdmitted:
			return Admitted, "", nil
		case msgAsking:
			return Asking, "", nil
		case msgRefused:
			return Refused, printable(string(b)), nil
		}
	}
}
