package save

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes the named file whole or not at all: write's bytes go to a
// temporary file beside it, synced, which then takes the name, replacing an
// older file of that name. On failure path is left as it was and no temporary
// file remains. It is for outputs the user names (headless -summary,
// -snapshot and -stats); the Saver, which names files itself, never replaces
// one.
//
// It writes regular files only: path must be new or a regular file. A
// folder, device, named pipe, socket or symbolic link at path is refused and
// left alone, checked just before the rename, as path may have changed since
// CheckTarget looked at it.
func WriteFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := createTemp(dir, filepath.Base(path))
	if err != nil {
		return folderError(dir, err)
	}
	tmpName := tmp.Name()
	if err := replace(tmp, path, write); err != nil {
		os.Remove(tmpName)
		return err
	}
	syncDir(dir)
	return nil
}

// replace fills tmp, the new file, with write's bytes, closes it, and
// renames it to path, which must be new or a regular file.
func replace(tmp *os.File, path string, write func(io.Writer) error) error {
	err := fill(tmp, write)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, bare(err, tmp.Name()))
	}
	if err := checkKind(path); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, bare(err, tmp.Name()))
	}
	return nil
}

// CheckTarget reports whether WriteFile could write path now: its folder
// exists and takes a new file (one is made and removed to find out), and
// path is new or a regular file. It lets a program refuse an output it
// could not write before the work whose result it would hold, not after.
func CheckTarget(path string) error {
	dir := filepath.Dir(path)
	tmp, err := createTemp(dir, filepath.Base(path))
	if err != nil {
		return folderError(dir, err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return checkKind(path)
}

// folderError says why no new file could be made in dir: err is
// createTemp's, about a temporary name the user never gave.
func folderError(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("folder %s does not exist: create it, or name a file in another folder: %w", dir, err)
	}
	return fmt.Errorf("cannot write in folder %s: name a file in a folder you can write in: %w", dir, err)
}

// checkKind refuses a path that exists and is not a regular file. A
// symbolic link is refused whatever it points to: writing through it would
// write where the link's maker chose (a link left in a shared folder such as
// /tmp could have a run as root replace a system file), and renaming over it
// would destroy the link (/dev/stdout is one) and leave a file in its place.
func checkKind(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("cannot tell what %s is: %w", path, err)
	case fi.Mode().IsRegular():
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		to, _ := os.Readlink(path)
		return fmt.Errorf("%s is a symbolic link (to %s), and vidstream does not write through links: name the file itself, or a new one", path, to)
	}
	return fmt.Errorf("%s is %s, not a regular file: name a new file, or a regular one to replace", path, kind(fi.Mode()))
}

// kind names, for messages, what a file that is not a regular one is.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
