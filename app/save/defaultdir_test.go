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
