package main

import (
	"fmt"
	"strconv"
	"strings"
)

// rateUnits are tc's bit-rate units, longest suffix first.
var rateUnits = []struct {
	suffix string
	bits   float64
}{{"gbit", 1e9}, {"mbit", 1e6}, {"kbit", 1e3}, {"bit", 1}}

// parseRate reads a link rate as tc writes it ("20mbit", "500kbit",
// "1gbit", or bits per second) and returns bits per second. tc's byte
// units ("bps", "kbps") are refused: they read as bits to most people.
func parseRate(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if strings.HasSuffix(t, "bps") {
		return 0, fmt.Errorf("rate %q: tc's bps units are bytes per second; write it in bit, kbit, mbit or gbit", s)
	}
	mul := 1.0
	for _, u := range rateUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mul = strings.TrimSuffix(t, u.suffix), u.bits
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*mul < 8000 {
		return 0, fmt.Errorf("rate %q: want a rate of at least 8kbit, such as 20mbit or 500kbit", s)
	}
	return v * mul, nil
}

// rateText prints bits per second as "20 Mbit/s".
func rateText(bps float64) string {
	switch {
	case bps >= 1e9:
		return strconv.FormatFloat(bps/1e9, 'g', 4, 64) + " Gbit/s"
	case bps >= 1e6:
		return strconv.FormatFloat(bps/1e6, 'g', 4, 64) + " Mbit/s"
	default:
		return strconv.FormatFloat(bps/1e3, 'g', 4, 64) + " kbit/s"
	}
}
