package pairing

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxCommonName is the longest name, in bytes, an identity's certificate
// may carry (X.509's upper bound for a common name is 64 characters).
const MaxCommonName = 64

// MaxPinName is the longest name, in bytes, a Pins entry may have: as long
// as a v2 hello's sender name.
const MaxPinName = 255

// checkName reports whether name may name a peer: 1 to max bytes of valid
// UTF-8 with no control characters and no bidirectional-text controls (which
// could make a name show as another), so that it can be shown and logged as
// it is.
func checkName(name string, max int) error {
	switch {
	case name == "":
		return errors.New("the name is empty")
	case len(name) > max:
		return fmt.Errorf("the name is %d bytes, at most %d allowed", len(name), max)
	case !utf8.ValidString(name):
		return fmt.Errorf("the name %q is not valid UTF-8", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return fmt.Errorf("the name %q holds the control character %U", name, r)
		}
	}
	return nil
}
