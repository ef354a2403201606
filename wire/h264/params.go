package h264

import "fmt"

// MaxParamSetSize is the longest SPS or PPS NAL unit a ParamSets keeps:
// 4 KiB. Real ones are tens of bytes (a PPS with scaling lists some
// hundreds).
const MaxParamSetSize = 4 << 10

// annexBStart is the 4-byte start code AppendTo writes before each NAL unit.
var annexBStart = []byte{0, 0, 0, 1}

// ParamSets keeps the newest SPS and PPS seen in a stream, so that a sender
// can put them in front of the first IDR picture a viewer joining mid-stream
// gets, when that picture's access unit lacks them. It keeps one of each,
// whatever their IDs (rpicam-vid and x264 use one of each), in its own
// buffers, reused. Its zero value is ready to use; it is not safe for
// concurrent use.
type ParamSets struct {
	sps, pps []byte
	info     SPS
	refused  int
}

// Observe takes the newest SPS and PPS of the access unit au (Annex-B
// bytes), copying them. An SPS that ParseSPS refuses, and an SPS or PPS of
// more than MaxParamSetSize bytes or of none, is not kept but counted
// (Refused); the ones kept before stay.
func (p *ParamSets) Observe(au []byte) {
	for nal := range NALUnits(au) {
		switch NALType(nal) {
		case NALSPS:
			info, err := ParseSPS(nal)
			if err != nil || len(nal) > MaxParamSetSize {
				p.refused++
				continue
			}
			p.sps, p.info = append(p.sps[:0], nal...), info
		case NALPPS:
			if len(nal) < 2 || len(nal) > MaxParamSetSize {
				p.refused++
				continue
			}
			p.pps = append(p.pps[:0], nal...)
		}
	}
}

// Ready reports whether p holds both an SPS and a PPS.
func (p *ParamSets) Ready() bool { return len(p.sps) > 0 && len(p.pps) > 0 }

// Refused returns how many SPS and PPS NAL units Observe did not keep.
func (p *ParamSets) Refused() int { return p.refused }

// SPS returns the newest SPS kept, parsed; ok is false when there is none.
func (p *ParamSets) SPS() (sps SPS, ok bool) { return p.info, len(p.sps) > 0 }

// AppendTo appends the SPS and then the PPS kept, each after a 4-byte start
// code, to dst and returns the result; it appends nothing unless Ready.
func (p *ParamSets) AppendTo(dst []byte) []byte {
	if !p.Ready() {
		return dst
	}
	dst = append(append(dst, annexBStart...), p.sps...)
	return append(append(dst, annexBStart...), p.pps...)
}

// Complete appends the access unit au to dst, with the parameter sets kept
// put in front of its NAL units (after its access unit delimiter, which
// stays first) when au is a keyframe that does not carry its SPS and PPS
// (see CarriesParamSets); otherwise au is appended as it is. It fails, and
// appends nothing, for a keyframe lacking them when p is not Ready.
func (p *ParamSets) Complete(dst, au []byte) ([]byte, error) {
	if !IsKeyframe(au) || CarriesParamSets(au) {
		return append(dst, au...), nil
	}
	if !p.Ready() {
		return dst, fmt.Errorf("h264: params: a keyframe of %d bytes without SPS and PPS, and none seen before it", len(au))
	}
	at := 0 // where the parameter sets go: before the first NAL unit but an AUD
	for i := 0; ; {
		nal, next, ok := NextNAL(au, i)
		if !ok || len(nal) > 0 && NALType(nal) != NALAUD {
			break
		}
		at, i = next, next
	}
	for at > 0 && au[at-1] == 0 {
		at-- // zero_byte and trailing zeros go after the parameter sets
	}
	dst = append(dst, au[:at]...)
	dst = p.AppendTo(dst)
	return append(dst, au[at:]...), nil
}

// Prepare observes the access unit au (see Observe) and appends it to dst
// ready for a decoder to start at when it is a keyframe: an IDR access unit
// that lacks its SPS and PPS gets p's in front (see Complete). key reports
// an IDR that now carries them; an IDR before any SPS and PPS is appended as
// it is, with key false, as is every other access unit. au is only read.
func (p *ParamSets) Prepare(dst, au []byte) (out []byte, key bool) {
	p.Observe(au)
	if IsKeyframe(au) {
		if out, err := p.Complete(dst, au); err == nil {
			return out, true
		}
	}
	return append(dst, au...), false
}

// CarriesParamSets reports whether the access unit au holds an SPS and a
// PPS before its first slice, so a decoder can start at it.
func CarriesParamSets(au []byte) bool {
	sps, pps := false, false
	for nal := range NALUnits(au) {
		switch t := NALType(nal); {
		case t == NALSPS:
			sps = true
		case t == NALPPS:
			pps = true
		case isSlice(t):
			return sps && pps
		}
	}
	return sps && pps
}
