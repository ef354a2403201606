package save

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes the named file whole or not at all: write's bytes go to a
// temporary file beside it, synced, which then takes the name, replacing an
// older file of that name. On failure path is left as it was and no temporary
// file remains. It is for outputs the user names (headless -summary and
// -snapshot); the Saver, which names files itself, never replaces one.
func WriteFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := createTemp(dir, filepath.Base(path))
	if err != nil {
		return fmt.Errorf("cannot write in folder %s: %w", dir, err)
	}
	tmpName := tmp.Name()
	err = fill(tmp, write)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmpName, path)
	}
	if err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("writing %s: %w", path, bare(err, tmpName))
	}
	syncDir(dir)
	return nil
}
