package main

import (
	"os/exec"
	"strings"
	"testing"
)

// goListDeps returns what `go list -deps` gives for pkg in env: each
// package's import path and, when its module is replaced, the replacement.
func goListDeps(t *testing.T, env []string, pkg string) map[string]string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	cmd := exec.Command(goBin, "list", "-deps",
		"-f", "{{.ImportPath}} {{with .Module}}{{with .Replace}}{{.Path}}{{end}}{{end}}", pkg)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v go list %s: %v\n%s", env, pkg, err, out)
	}
	deps := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, replace, _ := strings.Cut(line, " ")
		deps[path] = replace
	}
	return deps
}

// TestPicamDependencies checks what picam links, here (Linux), for a Pi Zero
// and for a Mac, as plain go build builds it (no build tags): never Fyne (nor
// anything of the viewer's), and go4vl on Linux with cgo only, from the
// patched copy the replace directive points at.
func TestPicamDependencies(t *testing.T) {
	for _, env := range [][]string{{"CGO_ENABLED=1"}, {"GOOS=linux", "GOARCH=arm", "GOARM=6", "CGO_ENABLED=1"}, {"GOOS=darwin", "GOARCH=arm64"}} {
		var v4l2 bool
		for path, replace := range goListDeps(t, env, ".") {
			switch {
			case strings.HasPrefix(path, "fyne.io/"), strings.HasPrefix(path, "github.com/go-gl/"),
				strings.HasPrefix(path, "github.com/vidstream/vidstream/app"):
				t.Errorf("%v: picam depends on %s", env, path)
			case strings.HasPrefix(path, "github.com/vladimirvivien/go4vl/"):
				v4l2 = true
				if replace != "./third_party/go4vl" {
					t.Errorf("%v: %s comes from %q, want ./third_party/go4vl", env, path, replace)
				}
			}
		}
		if linux := env[0] != "GOOS=darwin"; v4l2 != linux {
			t.Errorf("%v: go4vl linked %v, want %v", env, v4l2, linux)
		}
	}
}

// TestCaptureLeavesV4L2Out checks that package capture, which the viewer
// shares, links neither capture/v4l2 nor go4vl, even on Linux with cgo.
func TestCaptureLeavesV4L2Out(t *testing.T) {
	for path := range goListDeps(t, []string{"CGO_ENABLED=1"}, "github.com/vidstream/vidstream/capture") {
		if path == "github.com/vidstream/vidstream/capture/v4l2" || strings.HasPrefix(path, "github.com/vladimirvivien/go4vl/") {
			t.Errorf("package capture depends on %s", path)
		}
	}
}
