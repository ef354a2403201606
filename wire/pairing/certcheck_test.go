package pairing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"
)

// makeCert returns a certificate for pub named cn, signed by signer as
// issuer (self-signed when issuer is nil), with an extension of pad bytes.
func makeCert(t testing.TB, cn string, pub crypto.PublicKey, signer crypto.Signer, issuer *x509.Certificate, pad int) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		IsCA:         issuer == nil, BasicConstraintsValid: true,
	}
	if pad > 0 {
		tmpl.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}, Value: make([]byte, pad)}}
	}
	parent := tmpl
	if issuer != nil {
		parent = issuer
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// hostile returns a TLS certificate with key and the chain ders.
func hostile(key crypto.Signer, ders ...[]byte) []tls.Certificate {
	return []tls.Certificate{{Certificate: ders, PrivateKey: key}}
}

func TestHostileClientCertificates(t *testing.T) {
	viewer := newTestIdentity(t, "viewer")
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	own := makeCert(t, "cam", pub, key, nil, 0)

	caPub, caKey, _ := ed25519.GenerateKey(rand.Reader)
	caDER := makeCert(t, "some CA", caPub, caKey, nil, 0)
	ca, _ := x509.ParseCertificate(caDER)
	issued := makeCert(t, "cam", pub, caKey, ca, 0)

	altered := makeCert(t, "cam", pub, key, nil, 0)
	altered[len(altered)-1] ^= 1 // the signature's last byte

	chain50 := make([][]byte, 50)
	for i := range chain50 {
		chain50[i] = own
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)

	for _, tc := range []struct {
		name  string
		certs []tls.Certificate
		want  string
	}{
		{"chain of 50", hostile(key, chain50...), "chain of 50 certificates, at most 2"},
		{"1 MiB certificate", hostile(key, makeCert(t, "cam", pub, key, nil, 1<<20)), "exceeds maximum"}, // crypto/tls's own 256 KiB bound
		{"100 KiB certificate", hostile(key, makeCert(t, "cam", pub, key, nil, 100<<10)), "at most 16384"},
		{"issued by a CA", hostile(key, issued, caDER), "not self-signed"},
		{"altered signature", hostile(key, altered), "does not verify"},
		{"control character in the name", hostile(key, makeCert(t, "cam\x1b[2J", pub, key, nil, 0)), "control character"},
		{"RSA key", hostile(rsaKey, makeCert(t, "cam", rsaKey.Public(), rsaKey, nil, 0)), "only Ed25519 and ECDSA"},
		{"P-521 key", hostile(p521, makeCert(t, "cam", p521.Public(), p521, nil, 0)), "P-521"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true, Certificates: tc.certs}
			e := connect(t, ServerConfig(viewer, nil), cfg, nil)
			if e.srvErr == nil {
				t.Fatal("the server accepted it")
			}
			t.Logf("server: %v", e.srvErr)
			if !strings.Contains(e.srvErr.Error(), tc.want) {
				t.Errorf("server error %q does not say %q", e.srvErr, tc.want)
			}
			if tc.want != "exceeds maximum" && !errors.Is(e.srvErr, ErrBadPeerCert) {
				t.Errorf("server error %v does not wrap ErrBadPeerCert", e.srvErr)
			}
		})
	}
}

func TestHostileServerChain(t *testing.T) {
	cam := newTestIdentity(t, "cam")
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	own := makeCert(t, "viewer", pub, key, nil, 0)
	srv := &tls.Config{MinVersion: tls.VersionTLS13, ClientAuth: tls.RequireAnyClientCert, Certificates: hostile(key, own, own, own)}
	e := connect(t, srv, ClientConfig(cam, nil), nil)
	if !errors.Is(e.cliErr, ErrBadPeerCert) || !strings.Contains(e.cliErr.Error(), "chain of 3") {
		t.Errorf("client error %v, want a refused chain of 3", e.cliErr)
	}
}

func TestCheckPeerCertsGarbage(t *testing.T) {
	for _, raw := range [][][]byte{nil, {{}}, {[]byte("garbage")}, {make([]byte, MaxCertSize+1)}} {
		if _, _, err := checkPeerCerts(raw); !errors.Is(err, ErrBadPeerCert) {
			t.Errorf("checkPeerCerts(%d certs) = %v, want ErrBadPeerCert", len(raw), err)
		}
	}
}

func FuzzCheckPeerCerts(f *testing.F) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	f.Add(makeCert(f, "cam", pub, key, nil, 0))
	f.Add([]byte{0x30, 0x82, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, der []byte) {
		leaf, fp, err := checkPeerCerts([][]byte{der})
		if err == nil && (leaf == nil || fp != FingerprintOf(der)) {
			t.Error("accepted without a leaf or with another fingerprint")
		}
	})
}
