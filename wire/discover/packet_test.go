package discover

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// rawRR is a resource record to write as is, valid or not.
type rawRR struct {
	name  []string
	typ   uint16
	class uint16
	ttl   uint32
	data  []byte
}

// rawResponse writes an mDNS response with rrs as answers.
func rawResponse(rrs ...rawRR) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint16(b[2:], 0x8400) // QR, AA
	binary.BigEndian.PutUint16(b[6:], uint16(len(rrs)))
	for _, r := range rrs {
		b = appendName(b, r.name)
		class := r.class
		if class == 0 {
			class = classIN
		}
		b = binary.BigEndian.AppendUint16(b, r.typ)
		b = binary.BigEndian.AppendUint16(b, class)
		b = binary.BigEndian.AppendUint32(b, r.ttl)
		b = binary.BigEndian.AppendUint16(b, uint16(len(r.data)))
		b = append(b, r.data...)
	}
	return b
}

func instanceName(instance string) []string { return append([]string{instance}, serviceLabels...) }

func ptrRR(instance string, ttl uint32) rawRR {
	return rawRR{name: serviceLabels, typ: typePTR, ttl: ttl, data: appendName(nil, instanceName(instance))}
}

func srvRR(instance string, host []string, port uint16, ttl uint32) rawRR {
	data := binary.BigEndian.AppendUint16(nil, 0)
	data = binary.BigEndian.AppendUint16(data, 0)
	data = binary.BigEndian.AppendUint16(data, port)
	return rawRR{name: instanceName(instance), typ: typeSRV, ttl: ttl, data: appendName(data, host)}
}

func txtRR(instance string, ttl uint32, strs ...string) rawRR {
	return rawRR{name: instanceName(instance), typ: typeTXT, ttl: ttl, data: joinTXT(strs)}
}

func addrRR(host []string, a netip.Addr, ttl uint32) rawRR {
	if a.Is4() {
		b := a.As4()
		return rawRR{name: host, typ: typeA, ttl: ttl, data: b[:]}
	}
	b := a.As16()
	return rawRR{name: host, typ: typeAAAA, ttl: ttl, data: b[:]}
}

// announce returns the records of a whole service, as a responder
// announces it.
func announce(instance string, host []string, port uint16, ttl uint32, addr netip.Addr, txt ...string) []rawRR {
	return []rawRR{ptrRR(instance, ttl), srvRR(instance, host, port, ttl), txtRR(instance, ttl, txt...), addrRR(host, addr, ttl)}
}

var testHost = []string{"laptop", "local"}

// TestParseCompressed reads a response written by another encoder
// (dnsmessage, with name compression) and checks every record.
func TestParseCompressed(t *testing.T) {
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{Response: true, Authoritative: true})
	b.EnableCompression()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.StartAnswers())
	svc := dnsmessage.MustNewName("_vidstream._tcp.local.")
	inst := dnsmessage.MustNewName("Kitchen._vidstream._tcp.local.")
	host := dnsmessage.MustNewName("laptop.local.")
	hdr := func(n dnsmessage.Name, ty dnsmessage.Type) dnsmessage.ResourceHeader {
		return dnsmessage.ResourceHeader{Name: n, Type: ty, Class: dnsmessage.ClassINET | 0x8000, TTL: 120}
	}
	must(b.PTRResource(hdr(svc, dnsmessage.TypePTR), dnsmessage.PTRResource{PTR: inst}))
	must(b.SRVResource(hdr(inst, dnsmessage.TypeSRV), dnsmessage.SRVResource{Port: 1308, Target: host}))
	must(b.TXTResource(hdr(inst, dnsmessage.TypeTXT), dnsmessage.TXTResource{TXT: []string{"proto=seed,v2", "fp=" + fp64}}))
	must(b.AResource(hdr(host, dnsmessage.TypeA), dnsmessage.AResource{A: [4]byte{192, 168, 1, 23}}))
	must(b.AAAAResource(hdr(host, dnsmessage.TypeAAAA), dnsmessage.AAAAResource{AAAA: netip.MustParseAddr("fe80::1").As16()}))
	must(b.StartAdditionals())
	must(b.MXResource(hdr(host, dnsmessage.TypeMX), dnsmessage.MXResource{Pref: 1, MX: host}))
	msg, err := b.Finish()
	must(err)
	if !bytes.Contains(msg, []byte{0xc0}) {
		t.Fatal("the message has no compression pointer")
	}
	m, err := parseMessage(msg)
	must(err)
	if !m.response || len(m.records) != 5 || m.skipped != 1 {
		t.Fatalf("response %v, %d records, %d skipped", m.response, len(m.records), m.skipped)
	}
	want := []string{"_vidstream._tcp.local", "Kitchen._vidstream._tcp.local", "Kitchen._vidstream._tcp.local", "laptop.local", "laptop.local"}
	for i, r := range m.records {
		if got := strings.Join(r.name, "."); got != want[i] || r.ttl != 120 {
			t.Errorf("record %d: name %q ttl %d, want %q", i, got, r.ttl, want[i])
		}
	}
	r := m.records
	if strings.Join(r[0].target, ".") != "Kitchen._vidstream._tcp.local" || r[1].port != 1308 ||
		strings.Join(r[1].target, ".") != "laptop.local" || !slices.Equal(r[2].txt, []string{"proto=seed,v2", "fp=" + fp64}) ||
		r[3].addr != netip.MustParseAddr("192.168.1.23") || r[4].addr != netip.MustParseAddr("fe80::1") {
		t.Errorf("records %+v", r)
	}
}

// TestParseHostile feeds parseMessage broken and hostile messages.
func TestParseHostile(t *testing.T) {
	ok := rawResponse(announce("Kitchen", testHost, 1308, 120, netip.MustParseAddr("10.0.0.1"))...)
	// The PTR's target (at offset 45) points at itself, then forwards.
	loop := rawResponse(rawRR{name: serviceLabels, typ: typePTR, data: []byte{0xc0, 45}})
	forward := rawResponse(rawRR{name: serviceLabels, typ: typePTR, data: []byte{0xc0, 47, 0xc0, 45}})
	long := rawResponse(rawRR{name: []string{strings.Repeat("a", 63), strings.Repeat("b", 63), strings.Repeat("c", 63),
		strings.Repeat("d", 63), "e"}, typ: typeA, data: []byte{1, 2, 3, 4}})
	reserved := append(rawResponse(), 0x40, 0)
	binary.BigEndian.PutUint16(reserved[6:], 1)
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"short", ok[:11]},
		{"cut in a record", ok[:len(ok)-3]},
		{"pointer loop", loop},
		{"forward pointer", forward},
		{"name over 255 bytes", long},
		{"reserved label type", reserved},
		{"opcode", func() []byte { b := slices.Clone(ok); b[2] |= 0x28; return b }()},
		{"A of 5 bytes", rawResponse(rawRR{name: testHost, typ: typeA, data: []byte{1, 2, 3, 4, 5}})},
		{"TXT string past the end", rawResponse(rawRR{name: instanceName("x"), typ: typeTXT, data: []byte{9, 'a'}})},
		{"SRV too short", rawResponse(rawRR{name: instanceName("x"), typ: typeSRV, data: []byte{0, 0, 0}})},
		{"PTR target past its data", rawResponse(rawRR{name: serviceLabels, typ: typePTR, data: []byte{3, 'a', 'b'}})},
	} {
		if _, err := parseMessage(c.b); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if _, err := parseMessage(ok); err != nil {
		t.Fatal(err)
	}

	// 1000 TXT strings: 32 kept, the rest counted.
	m, err := parseMessage(rawResponse(txtRR("x", 120, manyStrings(1000)...)))
	if err != nil || len(m.records) != 1 || len(m.records[0].txt) != MaxTXTStrings || m.records[0].more != 1000-MaxTXTStrings {
		t.Fatalf("1000 TXT strings: %v, %+v", err, m.records)
	}
	// More records than maxRecords: the rest skipped.
	var rrs []rawRR
	for i := 0; i < 2*maxRecords; i++ {
		rrs = append(rrs, addrRR(testHost, netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), 120))
	}
	m, err = parseMessage(rawResponse(rrs...))
	if err != nil || len(m.records) != maxRecords || m.skipped != maxRecords {
		t.Fatalf("%d records: %v, %d read, %d skipped", 2*maxRecords, err, len(m.records), m.skipped)
	}
	// A dot inside a label is kept as part of it.
	m, err = parseMessage(rawResponse(ptrRR("Lab 2.1", 120)))
	if err != nil || len(m.records[0].target) != 4 || m.records[0].target[0] != "Lab 2.1" {
		t.Fatalf("dotted label: %v, %q", err, m.records[0].target)
	}
}

func TestBuildQuery(t *testing.T) {
	q := buildQuery([]question{{name: serviceLabels, typ: typePTR}, {name: instanceName("Lab 2.1"), typ: typeSRV}},
		[]record{{name: serviceLabels, target: instanceName("Kitchen"), ttl: 4000}})
	var p dnsmessage.Parser
	h, err := p.Start(q)
	if err != nil || h.Response {
		t.Fatal(err, h)
	}
	q0, err := p.Question()
	if err != nil || q0.Name.String() != "_vidstream._tcp.local." || q0.Type != dnsmessage.TypePTR || q0.Class != dnsmessage.ClassINET {
		t.Fatalf("question %v, %v", q0, err)
	}
	// dnsmessage refuses the dot inside "Lab 2.1" (golang/go#56246):
	// read the rest here.
	m, err := parseMessage(q)
	if _, err := p.Question(); err == nil {
		t.Error("dnsmessage read a label with a dot")
	}
	if err != nil || len(m.records) != 1 || strings.Join(m.records[0].target, ".") != "Kitchen._vidstream._tcp.local" || m.records[0].ttl != 4000 {
		t.Fatalf("known answer: %v, %+v", err, m.records)
	}
}

// FuzzParseMessage checks that no message makes parseMessage, or the
// cache fed what it reads, panic or go past their bounds.
func FuzzParseMessage(f *testing.F) {
	f.Add(rawResponse(announce("Kitchen", testHost, 1308, 120, netip.MustParseAddr("10.0.0.1"), "proto=v2")...))
	f.Add(rawResponse(txtRR("x", 120, manyStrings(100)...)))
	f.Add(rawResponse(ptrRR("x", 0)))
	f.Add(buildQuery([]question{{name: serviceLabels, typ: typePTR}}, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := parseMessage(b)
		if len(m.records) > maxRecords {
			t.Fatalf("%d records", len(m.records))
		}
		for _, r := range m.records {
			if len(r.txt) > MaxTXTStrings {
				t.Fatalf("%d TXT strings", len(r.txt))
			}
			for _, l := range append(slices.Clone(r.name), r.target...) {
				if len(l) > 63 {
					t.Fatalf("label of %d bytes", len(l))
				}
			}
		}
		reg := newRegistry(func(Found) {}, func(string, ...any) {})
		c := newCache(reg, reg.logf)
		now := testNow
		c.apply(m, "lo", now)
		c.tick(now.Add(2 * 1e9))
		if len(c.entries) > MaxServices || len(reg.shown) > MaxServices {
			t.Fatalf("%d entries, %d shown", len(c.entries), len(reg.shown))
		}
	})
}
