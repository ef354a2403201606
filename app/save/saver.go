package save

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// defaultPrefix starts every file name when Saver.Prefix is empty.
const defaultPrefix = "vidstream"

// timeFormat is the time stamp in file names, e.g. "2026-11-25_01-15-30.123".
const timeFormat = "2006-01-02_15-04-05.000"

const (
	maxPrefixLen = 64   // bytes; keeps names far below the 255-byte limit
	maxExtLen    = 16   // bytes
	maxSuffix    = 1000 // "-2" … "-1000" tried before giving up
	tempTries    = 100  // random temporary names tried
	bufSize      = 64 << 10
)

// link gives a file a second name and fails if that name exists. Tests
// replace it to simulate file systems without hard links.
var link = os.Link

// Saver writes files into Dir. Each file goes to a temporary file in Dir, is
// synced, and then gets its final name without ever replacing an existing
// file (a hard link, then the temporary name is removed; an existing name
// makes it try "-2", "-3", … before the extension). A failure therefore
// leaves no half-written file and never touches files already saved.
//
// A Saver holds no state; its methods may be called concurrently.
type Saver struct {
	Dir    string           // target folder, created if missing; "" → DefaultDir()
	Prefix string           // start of file names; "" → defaultPrefix
	Now    func() time.Time // clock for the time stamp; nil → time.Now
}

// Save writes a new file named "<prefix>-<time stamp><ext>" into s.Dir,
// creating the folder (0755) if missing, with the bytes write puts into w.
// w is valid only during the call and is buffered. It returns the file's
// path. If write returns an error, or writing fails, no file is left behind.
func (s Saver) Save(ext string, write func(io.Writer) error) (string, error) {
	return s.save("save", ext, write)
}

// save implements Save; op starts every error message ("save snapshot").
func (s Saver) save(op, ext string, write func(io.Writer) error) (string, error) {
	prefix := s.Prefix
	if prefix == "" {
		prefix = defaultPrefix
	}
	if err := checkNamePart("prefix", prefix, maxPrefixLen); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	if err := checkNamePart("extension", ext, maxExtLen); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	if write == nil {
		return "", fmt.Errorf("%s: nothing to write", op)
	}
	dir := s.Dir
	if dir == "" {
		dir = DefaultDir()
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	base := filepath.Join(dir, prefix+"-"+now().Format(timeFormat))
	want := base + ext

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: cannot create folder %s: %w", op, dir, bare(err, dir))
	}
	tmp, err := createTemp(dir, prefix)
	if err != nil {
		return "", fmt.Errorf("%s: cannot write in folder %s: %w", op, dir, err)
	}
	tmpName := tmp.Name()
	err = fill(tmp, write)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmpName)
		return "", fmt.Errorf("%s: writing %s: %w", op, want, bare(err, tmpName))
	}
	path, err := publish(tmpName, base, ext)
	os.Remove(tmpName) // the file lives on under its final name, if any
	if err != nil {
		return "", fmt.Errorf("%s: naming %s: %w", op, want, bare(err, tmpName))
	}
	syncDir(dir)
	return path, nil
}

// checkNamePart rejects a prefix or extension that would leave the folder or
// make an impossible name.
func checkNamePart(what, s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%s is %d bytes, at most %d allowed", what, len(s), max)
	}
	if strings.ContainsAny(s, "/\\\x00") || strings.Contains(s, "..") {
		return fmt.Errorf("%s %q may not contain a path", what, s)
	}
	return nil
}

// createTemp creates a new hidden file in dir that no one else has opened.
func createTemp(dir, prefix string) (*os.File, error) {
	var err error
	for range tempTries {
		name := filepath.Join(dir, "."+prefix+"-"+strconv.FormatUint(rand.Uint64(), 36)+".part")
		var f *os.File
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, err
}

// fill writes the file's contents through a buffer and syncs it to disk. It
// does not close f.
func fill(f *os.File, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(f, bufSize)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Sync()
}

// publish gives the complete file tmpName its final name, base+ext or
// base+"-N"+ext for the first N from 2 that is free, and returns that name.
// It never replaces an existing file.
func publish(tmpName, base, ext string) (string, error) {
	for n := 1; n <= maxSuffix; n++ {
		name := base + ext
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ext
		}
		err := link(tmpName, name)
		if err == nil {
			return name, nil
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		// No hard links here (some USB sticks and network shares): copy
		// into a file only this call can have created.
		err = copyNew(tmpName, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("%s%s and %d numbered variants already exist: %w", base, ext, maxSuffix-1, fs.ErrExist)
}

// copyNew copies src into dst, which must not exist yet, and syncs it. On
// failure it removes dst, which it created itself.
func copyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

// syncDir makes the new name durable where the system allows syncing a
// folder; it is best effort, as the file's data is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// bare drops the *fs.PathError or *os.LinkError around a system error when
// it only names a file (usually the temporary one) that the caller's message
// already stands for; the system error stays in the chain for errors.Is. Any
// other error, such as one returned by the caller's write function, is kept
// whole.
func bare(err error, file string) error {
	switch e := err.(type) {
	case *fs.PathError:
		if e.Path == file {
			return e.Err
		}
	case *os.LinkError:
		if e.Old == file {
			return e.Err
		}
	}
	return err
}
