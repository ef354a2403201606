package save

import (
	"errors"
	"fmt"
	"image"
	stdjpeg "image/jpeg"
	"image/png"
	"io"
	"path/filepath"
	"strings"

	"github.com/vidstream/vidstream/app/stats"
)

// reencodeQuality is the JPEG quality of a raw frame saved as .jpg.
const reencodeQuality = 95

// Snapshot is a frame to save: its pixels and, for a JPEG frame, the bytes
// it arrived as. The one policy for saving frames is here: a JPEG frame is
// saved as its own bytes, a raw frame as PNG (Ext); a file the user names is
// written in the format its extension says (Encode).
type Snapshot struct {
	Image *image.RGBA // the frame's pixels
	JPEG  []byte      // the frame's original JPEG bytes; nil for a raw frame
}

// Ext returns the extension a frame is saved with when the name is
// Vidstream's to choose: ".jpg" for a JPEG frame, whose bytes are kept as
// they are, ".png" for a raw one.
func (s Snapshot) Ext() string {
	if len(s.JPEG) > 0 {
		return ".jpg"
	}
	return ".png"
}

// CheckExt refuses a snapshot file name whose extension is not .jpg, .jpeg
// or .png (in any case).
func CheckExt(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jpg", ".jpeg", ".png":
		return nil
	}
	return fmt.Errorf("snapshot %q: name it .jpg or .png", path)
}

// Encode writes the frame to w in the format ext names: for ".jpg" and
// ".jpeg" its original JPEG bytes when it has them, else its pixels encoded
// at quality 95; for ".png" its pixels. It only reads s, during the call.
func (s Snapshot) Encode(w io.Writer, ext string) error {
	switch strings.ToLower(ext) {
	case ".jpg", ".jpeg":
		if len(s.JPEG) > 0 {
			_, err := w.Write(s.JPEG)
			return err
		}
		return s.encodePixels(w, func(w io.Writer, m image.Image) error {
			return stdjpeg.Encode(w, m, &stdjpeg.Options{Quality: reencodeQuality})
		})
	case ".png":
		return s.encodePixels(w, png.Encode)
	}
	return fmt.Errorf("cannot save a snapshot as %q: name it .jpg or .png", ext)
}

// encodePixels writes the frame's pixels to w with enc.
func (s Snapshot) encodePixels(w io.Writer, enc func(io.Writer, image.Image) error) error {
	if s.Image == nil || s.Image.Rect.Empty() {
		return errors.New("the frame has no pixels")
	}
	return enc(w, s.Image)
}

// SaveSnapshot saves the frame as a new file, ".jpg" (its own bytes) for a
// JPEG frame and ".png" for a raw one, and returns its path. It only reads
// s, during the call.
func (s Saver) SaveSnapshot(snap Snapshot) (string, error) {
	ext := snap.Ext()
	return s.save("save snapshot", ext, func(w io.Writer) error { return snap.Encode(w, ext) })
}

// SaveDetails writes entries as the details CSV (stats.WriteDetails) to a
// new "-details.csv" file and returns its path; with the same Now as
// SaveSummary's, it is named as the summary is, plus "-details". It only
// reads entries, during the call.
func (s Saver) SaveDetails(entries []stats.Entry) (string, error) {
	return s.save("save details", "-details.csv", func(w io.Writer) error {
		return stats.WriteDetails(w, entries)
	})
}

// SaveSummary writes recs as the post's summary (stats.WriteSummary) to a
// new ".csv" file and returns its path. It only reads recs, during the call.
func (s Saver) SaveSummary(recs []stats.Record) (string, error) {
	return s.save("save summary", ".csv", func(w io.Writer) error {
		return stats.WriteSummary(w, recs)
	})
}
