package wiretest

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// SkipEmulated skips t when this test binary runs under an emulator of
// another architecture (make test-pi's qemu-user), where the programs the
// test builds for its own architecture, or runs again, cannot start.
func SkipEmulated(t testing.TB, what string) {
	t.Helper()
	if emulated() {
		t.Skipf("an emulated test binary (qemu-user) cannot %s", what)
	}
}

// emulated reports whether this binary runs under an emulator of another
// architecture: the kernel's machine is not the binary's.
func emulated() bool {
	out, err := exec.Command("uname", "-m").Output()
	if err != nil {
		return false
	}
	machine := strings.TrimSpace(string(out))
	native := map[string]string{"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64", "i686": "386", "i386": "386"}[machine]
	if strings.HasPrefix(machine, "arm") && machine != "arm64" {
		native = "arm"
	}
	return native != "" && native != runtime.GOARCH
}
