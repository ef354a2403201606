package pairing

import (
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"pi", "Küche – Kamera 2", "カメラ", strings.Repeat("x", 64)} {
		if err := checkName(ok, MaxCommonName); err != nil {
			t.Errorf("checkName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", strings.Repeat("x", 65), "a\nb", "a\x00", "\xff", "evil\u202egnp.exe", "a\u0085b"} {
		if err := checkName(bad, MaxCommonName); err == nil {
			t.Errorf("checkName(%q) accepted it", bad)
		}
	}
}
