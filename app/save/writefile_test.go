package save

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.csv")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFile(path, write("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, write("second")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Fatalf("file holds %q, want the second write", b)
	}

	// A failing write leaves the old file and no temporary one.
	boom := errors.New("disk full")
	err := WriteFile(path, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Fatalf("failed write gave %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Fatalf("failed write changed the file to %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("folder holds %d entries after a failed write, want 1", len(entries))
	}

	// A folder that does not exist is an error that names it.
	missing := filepath.Join(dir, "no", "such")
	if err := WriteFile(filepath.Join(missing, "x.csv"), write("x")); err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("write into a missing folder: %v", err)
	}
}
