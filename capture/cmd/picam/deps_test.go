package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPicamDependencies checks what picam links, here (Linux), for a Pi Zero
// and for a Mac: never Fyne (nor anything of the viewer's GUI), and go4vl only
// from the patched copy the replace directive points at.
func TestPicamDependencies(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	for _, env := range [][]string{{"CGO_ENABLED=1"}, {"GOOS=linux", "GOARCH=arm", "GOARM=6", "CGO_ENABLED=1"}, {"GOOS=darwin", "GOARCH=arm64"}} {
		cmd := exec.Command(goBin, "list", "-deps", "-tags", "go4vl",
			"-f", "{{.ImportPath}} {{with .Module}}{{with .Replace}}{{.Path}}{{end}}{{end}}", ".")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v go list: %v\n%s", env, err, out)
		}
		var v4l2 bool
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			path, replace, _ := strings.Cut(line, " ")
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
