package pixel

// What the external tests (package pixel_test, which can import
// wire/wiretest: that package imports this one) use of the unexported API.
var (
	WrapGray     = wrapGray
	WrapI420     = wrapI420
	DecodePacked = decodePacked
	EncodeI420   = encodeI420
	EncodePacked = encodePacked
	EncodeGray   = encodeGray
)

// HoldsPayload reports whether c still points at a payload it converted.
func (c *Converter) HoldsPayload() bool { return c.yc.Y != nil || c.gray.Pix != nil }
