package save

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDefaultDir(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("home folder comes from $HOME only on Unix")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if got, want := DefaultDir(), filepath.Join(home, "Pictures", "Vidstream"); got != want {
		t.Errorf("with HOME=%s: DefaultDir() = %q, want %q", home, got, want)
	}
	t.Setenv("HOME", "")
	if got, want := DefaultDir(), filepath.Join(os.TempDir(), "Vidstream"); got != want {
		t.Errorf("without HOME: DefaultDir() = %q, want %q", got, want)
	}
}

func TestExpandDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for in, want := range map[string]string{
		"~":                home,
		"~/Pictures/VS2":   filepath.Join(home, "Pictures", "VS2"),
		"Pictures/VS2":     filepath.Join(home, "Pictures", "VS2"),
		"/srv/shots/../vs": "/srv/vs",
		"~other/x":         filepath.Join(home, "~other", "x"), // not another user's home: a folder named so
		"~/a/./b/":         filepath.Join(home, "a", "b"),
	} {
		if got := ExpandDir(in); got != want {
			t.Errorf("ExpandDir(%q) = %q, want %q", in, got, want)
		}
	}
}
