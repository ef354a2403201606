package headless

import (
	"bufio"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"path/filepath"
	"strings"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// checkSnapshotPath refuses a snapshot name whose format is unknown, before
// anything runs.
func checkSnapshotPath(path string) error {
	if path == "" {
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jpg", ".jpeg", ".png":
		return nil
	}
	return fmt.Errorf("snapshot %q: name it .jpg or .png", path)
}

// writeSummary writes the post's summary CSV to path (none for "").
func writeSummary(path string, recs []stats.Record) error {
	if path == "" {
		return nil
	}
	err := save.WriteFile(path, func(w io.Writer) error { return stats.WriteSummary(w, recs) })
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// writeSnapshot writes frame to path, its format by the extension: a JPEG
// frame saved as .jpg keeps its original bytes.
func writeSnapshot(path string, f *receive.Frame) error {
	if path == "" {
		return nil
	}
	if f == nil {
		return errors.New("write snapshot: no frame was decoded")
	}
	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		var err error
		switch strings.ToLower(filepath.Ext(path)) {
		case ".png":
			err = png.Encode(bw, f.Image)
		case ".jpg", ".jpeg":
			if f.Layout.Format == wire.FormatJPEG && len(f.Payload) > 0 {
				_, err = bw.Write(f.Payload)
			} else {
				err = jpeg.Encode(bw, f.Image, &jpeg.Options{Quality: 95})
			}
		}
		if err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := save.WriteFile(path, write); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}
