package ui

import (
	"strings"
	"testing"
)

func TestConnectHelp(t *testing.T) {
	got := connectHelp([]string{"192.168.0.23", "10.0.0.5"}, 1308)
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
	// client.py only reaches 192.168.0.N:1308 without an edit.
	got = connectHelp([]string{"192.168.1.40"}, 1400)
	if want := `setting its ip_address line to "192.168.1.40" and its port 1308 to 1400`; !strings.Contains(got, want) {
		t.Errorf("help lacks %q:\n%s", want, got)
	}
	if got := connectHelp(nil, 1308); !strings.Contains(got, "-to 127.0.0.1:1308") {
		t.Errorf("help without LAN addresses:\n%s", got)
	}
}
