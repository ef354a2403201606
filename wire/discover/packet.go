package discover

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// DNS record types and the class this package reads and writes.
const (
	typeA    = 1
	typePTR  = 12
	typeTXT  = 16
	typeAAAA = 28
	typeSRV  = 33
	typeANY  = 255

	classIN = 1
	// classMask takes off the top bit of a class: the cache-flush bit of
	// a record, the unicast-response bit of a question (RFC 6762 sections
	// 10.2 and 5.4).
	classMask = 0x7fff
)

// Bounds of parseMessage against hostile packets.
const (
	// maxRecords is how many records of one message are read.
	maxRecords = 512
	// maxNameLen is the longest name in wire form (RFC 1035 section
	// 2.3.4).
	maxNameLen = 255
	// maxPointers is how many compression pointers one name may follow.
	maxPointers = 32
)

// record is one resource record of the types this package reads.
type record struct {
	name []string // labels, raw bytes
	typ  uint16
	ttl  uint32

	target []string   // PTR: the instance; SRV: the host
	port   uint16     // SRV
	txt    []string   // TXT, at most MaxTXTStrings strings
	more   int        // TXT: how many strings past those
	addr   netip.Addr // A, AAAA
}

// message is the part of an mDNS message a browser reads.
type message struct {
	response bool
	records  []record // answer, authority and additional records
	skipped  int      // records left out: past maxRecords, or of other types
}

var (
	errShort   = errors.New("message cut short")
	errBadName = errors.New("bad name")
)

// parseMessage reads an mDNS message: its header and the records of the
// types above, in every section. It stops at the first malformed byte and
// returns what it read before with the error.
func parseMessage(b []byte) (message, error) {
	var m message
	if len(b) < 12 {
		return m, errShort
	}
	flags := binary.BigEndian.Uint16(b[2:])
	m.response = flags&0x8000 != 0
	if op, rcode := flags>>11&0xf, flags&0xf; op != 0 || rcode != 0 {
		return m, fmt.Errorf("opcode %d, rcode %d", op, rcode)
	}
	qd := int(binary.BigEndian.Uint16(b[4:]))
	rrs := int(binary.BigEndian.Uint16(b[6:])) + int(binary.BigEndian.Uint16(b[8:])) + int(binary.BigEndian.Uint16(b[10:]))
	off := 12
	for i := 0; i < qd; i++ {
		var err error
		if _, off, err = readName(b, off); err != nil {
			return m, fmt.Errorf("question %d: %w", i, err)
		}
		if off += 4; off > len(b) {
			return m, errShort
		}
	}
	for i := 0; i < rrs; i++ {
		if len(m.records) == maxRecords {
			m.skipped += rrs - i
			break
		}
		r, next, ok, err := readRecord(b, off)
		if err != nil {
			return m, fmt.Errorf("record %d: %w", i, err)
		}
		off = next
		if ok {
			m.records = append(m.records, r)
		} else {
			m.skipped++
		}
	}
	return m, nil
}

// readRecord reads the record at off; ok is false for a record of another
// type or class, which is skipped.
func readRecord(b []byte, off int) (r record, next int, ok bool, err error) {
	if r.name, off, err = readName(b, off); err != nil {
		return r, 0, false, err
	}
	if off+10 > len(b) {
		return r, 0, false, errShort
	}
	r.typ = binary.BigEndian.Uint16(b[off:])
	class := binary.BigEndian.Uint16(b[off+2:]) & classMask
	r.ttl = binary.BigEndian.Uint32(b[off+4:])
	n := int(binary.BigEndian.Uint16(b[off+8:]))
	off += 10
	end := off + n
	if end > len(b) {
		return r, 0, false, errShort
	}
	if class != classIN {
		return r, end, false, nil
	}
	data := b[off:end]
	switch r.typ {
	case typeA:
		if n != 4 {
			return r, 0, false, fmt.Errorf("A record of %d bytes", n)
		}
		r.addr = netip.AddrFrom4([4]byte(data))
	case typeAAAA:
		if n != 16 {
			return r, 0, false, fmt.Errorf("AAAA record of %d bytes", n)
		}
		r.addr = netip.AddrFrom16([16]byte(data))
	case typePTR:
		t, toff, err := readName(b, off)
		if err != nil || toff > end {
			return r, 0, false, fmt.Errorf("PTR target: %w", errOr(err, errShort))
		}
		r.target = t
	case typeSRV:
		if n < 7 {
			return r, 0, false, errShort
		}
		r.port = binary.BigEndian.Uint16(data[4:])
		t, toff, err := readName(b, off+6)
		if err != nil || toff > end {
			return r, 0, false, fmt.Errorf("SRV target: %w", errOr(err, errShort))
		}
		r.target = t
	case typeTXT:
		if r.txt, r.more, err = splitTXT(data); err != nil {
			return r, 0, false, err
		}
	default:
		return r, end, false, nil
	}
	return r, end, true, nil
}

// splitTXT splits TXT record data into its strings, the first
// MaxTXTStrings of them, and counts the rest.
func splitTXT(data []byte) (strs []string, more int, err error) {
	for i := 0; i < len(data); {
		l := int(data[i])
		if i+1+l > len(data) {
			return strs, more, fmt.Errorf("TXT string: %w", errShort)
		}
		if len(strs) < MaxTXTStrings {
			strs = append(strs, string(data[i+1:i+1+l]))
		} else {
			more++
		}
		i += 1 + l
	}
	return strs, more, nil
}

// joinTXT writes strs as TXT record data.
func joinTXT(strs []string) []byte {
	var b []byte
	for _, s := range strs {
		b = append(b, byte(len(s)))
		b = append(b, s...)
	}
	return b
}

func errOr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// readName reads the name at off, following compression pointers (only
// backwards, at most maxPointers), and returns its labels and the offset
// after it.
func readName(b []byte, off int) (labels []string, next int, err error) {
	next = -1
	length := 0
	for ptrs := 0; ; {
		if off >= len(b) {
			return nil, 0, errShort
		}
		c := int(b[off])
		switch c & 0xc0 {
		case 0x00:
			if c == 0 {
				if next < 0 {
					next = off + 1
				}
				return labels, next, nil
			}
			if off+1+c > len(b) {
				return nil, 0, errShort
			}
			if length += 1 + c; length+1 > maxNameLen {
				return nil, 0, fmt.Errorf("%w: longer than %d bytes", errBadName, maxNameLen)
			}
			labels = append(labels, string(b[off+1:off+1+c]))
			off += 1 + c
		case 0xc0:
			if off+1 >= len(b) {
				return nil, 0, errShort
			}
			to := (c&0x3f)<<8 | int(b[off+1])
			if next < 0 {
				next = off + 2
			}
			if ptrs++; ptrs > maxPointers || to >= off {
				return nil, 0, fmt.Errorf("%w: a compression pointer loops", errBadName)
			}
			off = to
		default:
			return nil, 0, fmt.Errorf("%w: label type %#x", errBadName, c&0xc0)
		}
	}
}

// question is one question of a query.
type question struct {
	name []string
	typ  uint16
}

// appendName appends labels in wire form, uncompressed.
func appendName(b []byte, labels []string) []byte {
	for _, l := range labels {
		b = append(b, byte(len(l)))
		b = append(b, l...)
	}
	return append(b, 0)
}

// buildQuery returns an mDNS query (ID 0, multicast responses asked for)
// with qs and, as known answers (RFC 6762 section 7.1), known.
func buildQuery(qs []question, known []record) []byte {
	b := make([]byte, 12, 512)
	binary.BigEndian.PutUint16(b[4:], uint16(len(qs)))
	binary.BigEndian.PutUint16(b[6:], uint16(len(known)))
	for _, q := range qs {
		b = appendName(b, q.name)
		b = binary.BigEndian.AppendUint16(b, q.typ)
		b = binary.BigEndian.AppendUint16(b, classIN)
	}
	for _, r := range known { // PTR records only
		b = appendName(b, r.name)
		b = binary.BigEndian.AppendUint16(b, typePTR)
		b = binary.BigEndian.AppendUint16(b, classIN)
		b = binary.BigEndian.AppendUint32(b, r.ttl)
		t := appendName(nil, r.target)
		b = binary.BigEndian.AppendUint16(b, uint16(len(t)))
		b = append(b, t...)
	}
	return b
}

// validLabels says whether labels can be written as a name: no empty
// label, none over 63 bytes, at most maxNameLen bytes in all.
func validLabels(labels []string) bool {
	n := 1
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		n += 1 + len(l)
	}
	return n <= maxNameLen
}
