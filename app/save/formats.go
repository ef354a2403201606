package save

import (
	"errors"
	"image"
	"image/png"
	"io"

	"github.com/vidstream/vidstream/app/stats"
)

// SaveJPEG saves a frame's original JPEG bytes, unchanged, as a new ".jpg"
// file and returns its path. It only reads b, during the call.
func (s Saver) SaveJPEG(b []byte) (string, error) {
	if len(b) == 0 {
		return "", errors.New("save snapshot: the frame is empty")
	}
	return s.save("save snapshot", ".jpg", func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// SavePNG encodes img as a new ".png" file and returns its path. It only
// reads img, during the call.
func (s Saver) SavePNG(img image.Image) (string, error) {
	if img == nil {
		return "", errors.New("save snapshot: no image")
	}
	if r := img.Bounds(); r.Empty() {
		return "", errors.New("save snapshot: the image is empty")
	}
	return s.save("save snapshot", ".png", func(w io.Writer) error {
		return png.Encode(w, img)
	})
}

// SaveSummary writes recs as the post's summary (stats.WriteSummary) to a
// new ".csv" file and returns its path. It only reads recs, during the call.
func (s Saver) SaveSummary(recs []stats.Record) (string, error) {
	return s.save("save summary", ".csv", func(w io.Writer) error {
		return stats.WriteSummary(w, recs)
	})
}
