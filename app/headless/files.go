package headless

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
)

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
	snap := save.Snapshot{Image: f.Image, JPEG: f.Payload}
	if err := save.WriteFile(path, func(w io.Writer) error { return snap.Encode(w, filepath.Ext(path)) }); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}

// writeStats writes st as indented JSON to path (none for "").
func writeStats(path string, st Stats) error {
	if path == "" {
		return nil
	}
	err := save.WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
	if err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	return nil
}
