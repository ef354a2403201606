package jpeg

import (
	"errors"
	"fmt"
	"math/bits"
)

// A JPEG must decode the same whatever was decoded before it. libjpeg, and so
// the libjpeg-turbo handle a Decoder keeps for its stream, does not make that
// so by itself. At each SOI it resets what the standard says SOI resets: the
// restart interval (DRI) and the arithmetic-coding conditioning (DAC), with
// its colour-space guesses (JFIF, Adobe); the scan and progression state and
// everything allocated for an image go with the image. But its table slots
// (four Huffman tables each for DC and AC, set by DHT, and four quantisation
// tables, set by DQT) live as long as the handle: a scan that uses a Huffman
// table its image does not define before it decodes with whatever the last
// image to define that slot left there, and so does a component whose
// quantisation table its image does not define. (libjpeg-turbo, 2.1 as 3.x,
// falls back on the standard Huffman tables only for slots 0 and 1, only for
// sequential JPEGs, and only when the slot was never filled: on a fresh
// handle.)
//
// planTables therefore walks the markers of a JPEG the way libjpeg reads them
// and finds, scan by scan, the tables each scan reads, as libjpeg's decoders
// do (jdhuff.c, jdphuff.c): a sequential Huffman scan reads the DC and AC
// tables of each of its components, a progressive one the DC tables in a
// first DC scan, none in a DC refinement and the AC table in an AC scan, a
// lossless one the DC tables, an arithmetic-coded one none (its conditioning
// is reset at SOI). A Huffman table a scan reads that no DHT of the image
// defines before that scan is, for slots 0 and 1, put in as the standard one
// (ITU T.81 Annex K.3) in front of the first scan: the AVI1 convention of
// Motion JPEG and what libjpeg-turbo does for a first image; as no DHT
// before the scan that reads it defines the slot, that scan reads the
// standard table wherever it comes in the image. For
// slots 2 and 3 there is no standard table and the frame is refused, as a
// fresh decoder refuses it. Every quantisation table the frame header (SOF)
// names must be defined by a DQT before the first scan, or the frame is
// refused: libjpeg copies a component's table at the component's first scan,
// so then none comes from another image. (A DQT between scans for a component
// first coded in a later one, which the standard allows, is refused too; no
// encoder known here writes one.)
//
// A sequential JPEG whose first scan codes every component has only that
// scan (libjpeg refuses a second, JERR_EOI_EXPECTED), so its walk ends there,
// after the headers: the cost for a camera frame is a few hundred
// nanoseconds. Progressive JPEGs and ones coded a component per scan are
// walked scan by scan through their entropy-coded data (nextSegment finds the
// marker after a scan as libjpeg does: where it would not, libjpeg skips
// bytes, warns, and the frame is refused). Where the walk cannot follow the
// markers (a segment length below 2, which libjpeg steps over), the frame is
// refused too: the walk must see every table the decoder will.
//
// Go's image/jpeg keeps nothing between images but refuses a JPEG without
// its Huffman tables; the plain build gets the same completion and the same
// refusals, so both builds decode the same frames.

// errNotOnItsOwn is wrapped by the error of a JPEG that uses a table it does
// not define (other than a standard Huffman table, which is put in).
var errNotOnItsOwn = errors.New("the JPEG does not decode on its own")

// tablePlan is what planTables found a JPEG to lack.
type tablePlan struct {
	// at is the index of the FF of the first scan's SOS marker, where the
	// missing standard tables go; 0 when the walk found no scan.
	at int
	// missing are the standard Huffman tables (in stdTables' order) that a
	// scan reads and no DHT before it defines.
	missing [4]bool
	// geom is the frame header and first scan the walk read, for what
	// decoding will cost (cost.go); zero when the walk ended before a SOF.
	geom geometry
}

// malformed returns the plan of a JPEG malformed the way libjpeg refuses:
// no tables to put in, for the decoder to say what is wrong, and what the
// walk read of its frame header, for what it would cost.
func (p tablePlan) malformed() (tablePlan, error) { return tablePlan{geom: p.geom}, nil }

// needsTables reports whether p has standard tables to put in.
func (p tablePlan) needsTables() bool { return p.missing != [4]bool{} }

// insert appends to dst[:0] the JPEG b with p's missing standard tables put
// in, in one DHT segment before the first scan, and returns it; it allocates
// only when dst is too small.
func (p tablePlan) insert(dst, b []byte) []byte {
	n := 2
	for k, t := range stdTables {
		if p.missing[k] {
			n += len(t)
		}
	}
	out := append(dst[:0], b[:p.at]...)
	out = append(out, 0xFF, markerDHT, byte(n>>8), byte(n))
	for k, t := range stdTables {
		if p.missing[k] {
			out = append(out, t...)
		}
	}
	return append(out, b[p.at:]...)
}

// Huffman table slots as a bit set: DC table i is bit i, AC table i bit 4+i.
type huffSlots uint8

// stdSlot is the slot of stdTables[k].
var stdSlot = [4]huffSlots{1 << 0, 1 << 4, 1 << 1, 1 << 5}

// slot returns the slot of Huffman table id of class ac.
func slot(ac bool, id int) huffSlots {
	if ac {
		return 1 << (4 + id)
	}
	return 1 << id
}

// maxComponents is libjpeg's limit on a frame's components (MAX_COMPONENTS).
const maxComponents = 10

// frameInfo is what planTables keeps of the frame header (SOF).
type frameInfo struct {
	marker byte
	w, h   int // the image size
	comps  int
	ids    [maxComponents]byte   // component identifiers, for messages
	quant  [maxComponents]byte   // quantisation table numbers
	samp   [maxComponents][2]int // horizontal and vertical sampling factors, as declared
}

// planTables walks the JPEG in b and returns the standard Huffman tables to
// put in for it to decode on its own, or an error wrapping errNotOnItsOwn
// when it uses another table it does not define, or when the walk cannot
// follow its markers (see the comment at the top of this file). A b that is
// no JPEG, whose segments are malformed the way libjpeg refuses, or that ends
// before a scan gets a plan with no tables to put in and no error: the
// decoder says what is wrong. It does not allocate (but for an error).
func planTables(b []byte) (tablePlan, error) {
	var (
		p      tablePlan
		sof    = &p.geom.frameInfo
		quant  [4]bool // quantisation tables defined
		huff   huffSlots
		scans  int
		single bool // the first scan is the image's only one
	)
	if len(b) < 2 || b[0] != 0xFF || b[1] != MarkerSOI {
		return tablePlan{}, nil
	}
	for i := 2; ; {
		seg, next, ok := nextSegment(b, i)
		switch m := seg.marker; {
		case !ok && m != 0:
			return tablePlan{}, fmt.Errorf("jpeg: marker %#02x at byte %d has a length below 2, which leaves its tables unknown: %w",
				m, seg.at, errNotOnItsOwn)
		case !ok, m == MarkerEOI, m == MarkerSOI:
			return p, nil // the end; a second SOI is an error to libjpeg
		case m == markerDHT:
			defined, ok := dhtSlots(b[seg.body+2 : min(next, len(b))])
			if !ok || next > len(b) {
				return p.malformed()
			}
			huff |= defined
		case m == markerDQT:
			if next > len(b) || !dqtDefines(b[seg.body+2:next], &quant) {
				return p.malformed()
			}
		case isSOF(m):
			if sof.marker != 0 || !readSOF(b[seg.body:min(next, len(b))], m, sof) {
				return p.malformed() // a second SOF, or a malformed one
			}
		case m == MarkerSOS:
			hdr, ok := scanHeader(b, seg.body)
			if !ok || sof.marker == 0 {
				return p.malformed()
			}
			scans++
			if scans == 1 {
				p.at, p.geom.scanComps = seg.at, int(hdr[0])
				for c := range sof.comps {
					if q := sof.quant[c]; q > 3 || !quant[q] {
						return tablePlan{}, fmt.Errorf("jpeg: component %d uses quantisation table %d, which no DQT segment before the first scan defines: %w",
							sof.ids[c], q, errNotOnItsOwn)
					}
				}
				single = !isProgressive(sof.marker) && int(hdr[0]) >= sof.comps
			}
			missing, err := scanNeeds(hdr, sof.marker, huff, scans)
			if err != nil {
				return tablePlan{}, err
			}
			for k, s := range stdSlot {
				if missing&s != 0 {
					p.missing[k] = true
				}
			}
			huff |= missing
			if single || isArithmetic(sof.marker) {
				return p, nil // no other scan reads a Huffman table
			}
			next = seg.body + 2 + len(hdr)
		}
		i = next
	}
}

// markerDQT is the marker of a segment defining quantisation tables.
const markerDQT = 0xDB

// isSOF reports whether m is a frame header marker, SOF0..SOF15 (not DHT,
// JPG nor DAC).
func isSOF(m byte) bool {
	return m >= 0xC0 && m <= 0xCF && m != markerDHT && m != 0xC8 && m != 0xCC
}

// isProgressive reports whether SOF marker m is a progressive process:
// SOF2, SOF6, SOF10, SOF14.
func isProgressive(m byte) bool { return m&0x03 == 0x02 }

// isArithmetic reports whether SOF marker m is arithmetic-coded: SOF9 and
// up.
func isArithmetic(m byte) bool { return m >= 0xC9 }

// readSOF reads into f the SOF segment of marker m whose body (from its
// length word) is seg; false when it is malformed as libjpeg refuses it (its
// length is not that of its component count, or it has no component or more
// than maxComponents).
func readSOF(seg []byte, m byte, f *frameInfo) bool {
	if len(seg) < 8 {
		return false
	}
	n, comps := int(seg[0])<<8|int(seg[1]), int(seg[7])
	if comps < 1 || comps > len(f.quant) || n != 8+3*comps || len(seg) < n {
		return false
	}
	f.marker, f.comps = m, comps
	f.h, f.w = int(seg[3])<<8|int(seg[4]), int(seg[5])<<8|int(seg[6])
	for c := range comps {
		f.ids[c], f.quant[c] = seg[8+3*c], seg[8+3*c+2]
		f.samp[c] = [2]int{int(seg[8+3*c+1] >> 4), int(seg[8+3*c+1] & 0x0F)}
	}
	return true
}

// scanHeader returns the header of the scan whose SOS length word is at
// b[at:]: its component count, then its component selectors and table
// selectors in pairs, then Ss, Se and Ah/Al. ok is false when it is
// malformed as libjpeg refuses it, or b ends in it.
func scanHeader(b []byte, at int) (hdr []byte, ok bool) {
	if at+3 > len(b) {
		return nil, false
	}
	n, ns := int(b[at])<<8|int(b[at+1]), int(b[at+2])
	if ns < 1 || ns > 4 || n != 6+2*ns || at+n > len(b) {
		return nil, false
	}
	return b[at+2 : at+n], true
}

// scanNeeds returns the Huffman table slots that the scan with header hdr
// (see scanHeader), scan number scan of a frame of SOF marker sof, reads and
// that are not in have: standard slots, to be put in; an error wrapping
// errNotOnItsOwn for another. A table number over 3 is left to the decoder,
// which refuses it.
func scanNeeds(hdr []byte, sof byte, have huffSlots, scan int) (huffSlots, error) {
	ns, ss, ah := int(hdr[0]), hdr[1+2*int(hdr[0])], hdr[3+2*int(hdr[0])]>>4
	var need huffSlots
	for c := range ns {
		td, ta := int(hdr[2+2*c]>>4), int(hdr[2+2*c]&0x0F)
		dc, ac := true, true
		switch {
		case isArithmetic(sof):
			dc, ac = false, false
		case isProgressive(sof):
			dc, ac = ss == 0 && ah == 0, ss != 0
		case sof == 0xC3, sof == 0xC7: // lossless
			ac = false
		}
		if dc && td < 4 {
			need |= slot(false, td)
		}
		if ac && ta < 4 {
			need |= slot(true, ta)
		}
	}
	need &^= have
	if other := need &^ (stdSlot[0] | stdSlot[1] | stdSlot[2] | stdSlot[3]); other != 0 {
		class, id := "DC", bits.TrailingZeros8(uint8(other))
		if id >= 4 {
			class, id = "AC", id-4
		}
		return 0, fmt.Errorf("jpeg: scan %d uses %s Huffman table %d, which no DHT segment before it defines: %w",
			scan, class, id, errNotOnItsOwn)
	}
	return need, nil
}

// dhtSlots returns the slots the DHT segment body (after its length word)
// defines; ok is false when libjpeg refuses it (get_dht): a table class and
// number other than DC or AC 0..3, more than 256 codes, or codes past the
// end.
func dhtSlots(body []byte) (defined huffSlots, ok bool) {
	for len(body) > 16 {
		n := 17
		for _, c := range body[1:17] {
			n += int(c)
		}
		tc := body[0]
		if n-17 > 256 || n > len(body) || tc&0xEC != 0 {
			return 0, false
		}
		defined |= slot(tc&0x10 != 0, int(tc&0x03))
		body = body[n:]
	}
	return defined, len(body) == 0
}

// dqtDefines marks in have the quantisation tables the DQT segment body
// (after its length word) defines; it returns false when libjpeg refuses it
// (get_dqt): a table number over 3, or a table past the end. As libjpeg
// does, it takes any precision nibble but 0 for 16-bit entries.
func dqtDefines(body []byte, have *[4]bool) bool {
	for len(body) > 0 {
		pq, tq := body[0]>>4, body[0]&0x0F
		n := 1 + 64
		if pq != 0 {
			n += 64
		}
		if tq > 3 || n > len(body) {
			return false
		}
		have[tq] = true
		body = body[n:]
	}
	return true
}

// completer readies JPEGs to decode on their own, for one Decoder: it puts
// in the standard Huffman tables a JPEG lacks and refuses one that lacks
// other tables (see planTables).
type completer struct {
	// buf holds the last JPEG completed. It is the completer's: the result
	// of complete aliases it until the next complete.
	buf []byte
}

// complete returns the JPEG in b ready to decode on its own: b itself, read
// only, when it defines every table it uses (or is too malformed to walk, for
// the decoder to refuse), else a copy with the standard Huffman tables put in,
// in c.buf (reused: it allocates only when a JPEG is larger than any before).
// It also returns the geometry the walk read (see geometry.valid). A JPEG
// that uses a table it does not define and that has no standard one is an
// error wrapping errNotOnItsOwn.
func (c *completer) complete(b []byte) ([]byte, geometry, error) {
	p, err := planTables(b)
	if err != nil {
		return nil, geometry{}, err
	}
	if !p.needsTables() {
		return b, p.geom, nil
	}
	c.buf = p.insert(c.buf, b)
	return c.buf, p.geom, nil
}
