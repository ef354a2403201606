package pairing

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFile writes data to path whole or not at all: to a temporary file in
// the same folder with mode perm, synced, closed, then given the name, and
// the folder synced so that the name survives a power cut. On failure no
// temporary file remains and path is as it was.
//
// With replace false it never replaces a file: it links the temporary file
// to path, which fails if path exists (another process made it meanwhile),
// and falls back to a rename after a check only where the file system has
// no hard links. With replace true it renames over path.
func writeFile(path string, data []byte, perm fs.FileMode, replace bool) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmpName := tmp.Name()
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(tmpName, path, replace)
	}
	if err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// place gives the finished temporary file tmp the name path.
func place(tmp, path string, replace bool) error {
	if replace {
		return os.Rename(tmp, path)
	}
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s appeared while it was being made (another process making it too?): %w", path, fs.ErrExist)
	}
	// No hard links here (some file systems, some systems): check, then
	// rename, which leaves a short window that linking would have closed.
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s appeared while it was being made (another process making it too?): %w", path, fs.ErrExist)
	}
	return os.Rename(tmp, path)
}

// syncDir makes a new name in dir durable where the system can sync a
// folder; it is best effort (Windows cannot), the file's data being synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// readBounded reads the regular file path whole, refusing one over max bytes
// before reading it (and one that grows past max while read).
func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (mode %v)", path, fi.Mode())
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d", path, fi.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s grew over the limit of %d bytes while read", path, max)
	}
	return data, nil
}
