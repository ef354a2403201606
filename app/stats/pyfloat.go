package stats

import (
	"math"
	"strconv"
	"strings"
)

// pyFloat formats f exactly as Python 3's str(f) and repr(f) do: the shortest
// digits that round-trip, in fixed notation with at least one decimal
// ("67621.0") unless the decimal exponent is below -4 or at least 16, where it
// switches to scientific notation with a signed, two-digit-minimum exponent
// ("1e-05", "1e+16", "1.2345678901234568e+16").
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// 'e' with precision -1 gives the shortest round-trip digits; its
	// exponent decides the notation, as in CPython's format_float_short.
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	i := strings.LastIndexByte(sci, 'e')
	exp, err := strconv.Atoi(sci[i+1:])
	if err == nil && (exp < -4 || exp >= 16) {
		return sci
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(fixed, ".") {
		fixed += ".0"
	}
	return fixed
}
