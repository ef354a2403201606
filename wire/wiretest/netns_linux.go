//go:build linux

package wiretest

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// NetnsEnv names the test a re-executed test binary runs inside its new
// network namespace.
const NetnsEnv = "VIDSTREAM_TEST_NETNS"

// InNetns runs the calling test again, alone, in this test binary under
// "unshare --net", and returns false; in there, it returns true once
// loopback is up with multicast and the only interface. It skips without
// root, unshare or ip. Nothing the test sends can leave the namespace.
func InNetns(t *testing.T) bool {
	t.Helper()
	if os.Getenv(NetnsEnv) == t.Name() {
		for _, args := range [][]string{
			{"link", "set", "lo", "up"},
			{"link", "set", "lo", "multicast", "on"},
			{"route", "add", "224.0.0.0/4", "dev", "lo"},
		} {
			if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
				t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		// A route for IPv6 multicast too, so that sending on lo works
		// (Linux does not loop IPv6 multicast back on lo, though: only
		// IPv4 reaches the browser).
		_ = exec.Command("ip", "-6", "route", "add", "ff00::/8", "dev", "lo").Run()
		ifs, err := net.Interfaces()
		if err != nil || len(ifs) != 1 || ifs[0].Name != "lo" {
			t.Fatalf("not in a fresh network namespace: interfaces %v, %v", ifs, err)
		}
		return true
	}
	if os.Getenv(NetnsEnv) != "" {
		t.Skip("another test's network namespace")
	}
	SkipEmulated(t, "be run again under unshare")
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace (unshare --net)")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("needs util-linux's unshare:", err)
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2's ip:", err)
	}
	cmd := exec.Command(unshare, "--net", "--", os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1",
		"-test.timeout=3m")
	cmd.Env = append(os.Environ(), NetnsEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	t.Logf("in a new network namespace:\n%s", out)
	switch {
	case err != nil:
		t.Fatalf("%s: %v", t.Name(), err)
	case bytes.Contains(out, []byte("--- SKIP: "+t.Name())):
		t.Skip("skipped in the namespace")
	case !bytes.Contains(out, []byte("--- PASS: "+t.Name())):
		t.Fatalf("%s did not pass in the namespace", t.Name())
	}
	return false
}
