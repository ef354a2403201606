package stats

import (
	"math"
	"testing"
)

// The want strings below were produced once on this machine with
// Python 3.11.7 (sys.float_repr_style == "short"):
//
//	python3 -c 'for x in [...]: print(repr(x), "|", str(x))'
//
// and pasted here; repr and str agreed for every value.
func TestPyFloatMatchesPython(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{10.000123977661133, "10.000123977661133"},
		{67621.0, "67621.0"},
		{6220800.0, "6220800.0"},
		{1e-05, "1e-05"},
		{1e+16, "1e+16"},
		{0.1, "0.1"},
		{115200.0, "115200.0"},
		{28.5, "28.5"},
		{0.0001, "0.0001"},
		{0.00012345, "0.00012345"},
		{2.5e-05, "2.5e-05"},
		{1234567890123456.0, "1234567890123456.0"},
		{9999999999999998.0, "9999999999999998.0"},
		{12345678901234567.0, "1.2345678901234568e+16"},
		{1.5e16, "1.5e+16"},
		{1e22, "1e+22"},
		{123456.789, "123456.789"},
		{0.30000000000000004, "0.30000000000000004"},
		{10.0, "10.0"},
		{-0.0 * 1, "0.0"}, // Go constant -0.0 is +0; the real negative zero is below
		{math.Copysign(0, -1), "-0.0"},
		{5e-324, "5e-324"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := pyFloat(tt.in); got != tt.want {
			t.Errorf("pyFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
