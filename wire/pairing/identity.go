package pairing

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// KeyFile and CertFile are the names of an identity's files in the folder
// LoadOrCreate is given: the private key (PKCS #8, PEM "PRIVATE KEY", mode
// 0600) and the self-signed certificate (PEM "CERTIFICATE", mode 0644).
const (
	KeyFile  = "key.pem"
	CertFile = "cert.pem"
)

// maxPEMFile bounds what LoadOrCreate reads of either file; ours are under
// 1 KiB.
const maxPEMFile = 64 << 10

// notAfter is every certificate's expiry: 9999-12-31 23:59:59 UTC, which RFC
// 5280 (4.1.2.5) gives for "no well-defined expiration date". Certificates are
// pinned, not checked against a clock (a Pi without a clock battery may boot
// in 1970), so they never expire.
var notAfter = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// Identity is one side's key pair and self-signed certificate: what it
// shows in a TLS handshake and is pinned by. An Identity does not change and
// is safe for concurrent use.
type Identity struct {
	cert tls.Certificate
	fp   Fingerprint
	name string
}

// LoadOrCreate returns the identity kept in dir, making one on first use.
//
// When neither KeyFile nor CertFile exists it makes dir (mode 0700) if
// needed, an Ed25519 key and a certificate for it naming commonName (1 to
// MaxCommonName bytes of printable UTF-8), valid from an hour ago until
// 9999, and writes both files atomically: each to a temporary file in dir,
// synced, then linked to its name (never replacing a file), and dir synced.
// The key is written first; if the certificate cannot be written the key is
// removed again.
//
// When both exist it loads them, checking that each is what it should be
// and that they belong together; commonName is then not used (the name is
// part of the certificate, so changing it would change the fingerprint that
// peers have pinned; the identity's name is Name). A file that is missing,
// corrupt, unreadable, or for another key is an error naming the file and
// what to do; LoadOrCreate never replaces or repairs a file: making a new
// identity means every peer has to pair again, so that is for a person to
// choose, by deleting both files.
//
// Why Ed25519: TLS 1.3 offers Ed25519 and ECDSA P-256, and both ends here
// are Go's crypto/tls, so interoperability with other stacks does not
// decide. Ed25519 signatures are deterministic (no per-signature randomness
// to get wrong on a freshly booted Pi), keys and certificates are small, and
// it is fast on the Pi Zero's ARMv6, where P-256 has no assembly.
func LoadOrCreate(dir, commonName string) (*Identity, error) {
	keyPath, certPath := filepath.Join(dir, KeyFile), filepath.Join(dir, CertFile)
	haveKey, err := exists(keyPath)
	if err != nil {
		return nil, err
	}
	haveCert, err := exists(certPath)
	if err != nil {
		return nil, err
	}
	switch {
	case haveKey && haveCert:
		return load(keyPath, certPath)
	case haveKey:
		return nil, fmt.Errorf("pairing: %s exists but %s does not: the identity is incomplete (made by a run cut short, or its certificate was deleted); delete %s to make a new identity (peers paired with the old one must then pair again)", keyPath, certPath, keyPath)
	case haveCert:
		return nil, fmt.Errorf("pairing: %s exists but %s does not: the identity's private key is lost, so it cannot be used; delete %s to make a new identity (peers paired with the old one must then pair again)", certPath, keyPath, certPath)
	}
	return create(dir, keyPath, certPath, commonName)
}

// exists reports whether path exists, an error if that cannot be told.
func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("pairing: cannot tell whether %s exists: %w", path, err)
}

// create makes a new identity and writes its files.
func create(dir, keyPath, certPath, commonName string) (*Identity, error) {
	if err := checkName(commonName, MaxCommonName); err != nil {
		return nil, fmt.Errorf("pairing: making an identity in %s: %w", dir, err)
	}
	id, keyPEM, certPEM, err := generate(commonName, time.Now())
	if err != nil {
		return nil, fmt.Errorf("pairing: making an identity in %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("pairing: making the identity folder: %w", err)
	}
	if err := writeFile(keyPath, keyPEM, 0o600, false); err != nil {
		return nil, fmt.Errorf("pairing: saving the new identity's key: %w", err)
	}
	if err := writeFile(certPath, certPEM, 0o644, false); err != nil {
		os.Remove(keyPath) // never used, never pinned: no identity is lost
		return nil, fmt.Errorf("pairing: saving the new identity's certificate: %w", err)
	}
	return id, nil
}

// generate makes an Ed25519 key and a self-signed certificate for it naming
// commonName, and returns them as an Identity and as PEM files.
func generate(commonName string, now time.Time) (id *Identity, keyPEM, certPEM []byte, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("generating a key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("choosing a serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)), // positive, as RFC 5280 asks
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Hour).UTC().Truncate(time.Second),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("making the certificate: %w", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("encoding the key: %w", err)
	}
	id, err = newIdentity(der, priv)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("checking the new identity: %w", err)
	}
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return id, keyPEM, certPEM, nil
}

// load reads an identity's two files and checks them.
func load(keyPath, certPath string) (*Identity, error) {
	const redo = "delete %s and %s to make a new identity (peers paired with the old one must then pair again), or put back the right file"
	keyDER, err := readPEM(keyPath, "PRIVATE KEY")
	if err != nil {
		return nil, fmt.Errorf("pairing: key file %s: %w; "+redo, keyPath, err, keyPath, certPath)
	}
	key, err := x509.ParsePKCS8PrivateKey(keyDER)
	if err != nil {
		return nil, fmt.Errorf("pairing: key file %s is corrupt: %w; "+redo, keyPath, err, keyPath, certPath)
	}
	signer, ok := key.(crypto.Signer)
	if !ok || !usableKey(signer.Public()) {
		return nil, fmt.Errorf("pairing: key file %s holds a %T key, not Ed25519 or ECDSA P-256; "+redo, keyPath, key, keyPath, certPath)
	}
	certDER, err := readPEM(certPath, "CERTIFICATE")
	if err != nil {
		return nil, fmt.Errorf("pairing: certificate file %s: %w; "+redo, certPath, err, keyPath, certPath)
	}
	id, err := newIdentity(certDER, signer)
	if err != nil {
		return nil, fmt.Errorf("pairing: identity files %s and %s: %w; "+redo, certPath, keyPath, err, keyPath, certPath)
	}
	return id, nil
}

// usableKey reports whether pub is a key type an identity may have.
func usableKey(pub crypto.PublicKey) bool {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return true
	case *ecdsa.PublicKey:
		return k.Curve == elliptic.P256()
	}
	return false
}

// readPEM reads path, which must hold exactly one PEM block of type typ and
// nothing else but white space, and returns the block's bytes.
func readPEM(path, typ string) ([]byte, error) {
	data, err := readBounded(path, maxPEMFile)
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", err)
	}
	block, rest := pem.Decode(data)
	switch {
	case block == nil:
		return nil, fmt.Errorf("no PEM %q block in its %d bytes: the file is corrupt", typ, len(data))
	case block.Type != typ:
		return nil, fmt.Errorf("holds a PEM %q block, not %q", block.Type, typ)
	case len(block.Headers) != 0:
		return nil, fmt.Errorf("its PEM block has headers (an encrypted key?), which vidstream does not write")
	case len(bytes.TrimSpace(rest)) != 0:
		return nil, fmt.Errorf("%d bytes follow its PEM block: the file is corrupt or not vidstream's", len(rest))
	}
	return block.Bytes, nil
}

// newIdentity checks that der is a certificate a peer would accept (see
// checkCert) for key's public key, and makes an Identity of them.
func newIdentity(der []byte, key crypto.Signer) (*Identity, error) {
	leaf, err := checkCert(der)
	if err != nil {
		return nil, fmt.Errorf("the certificate: %w", err)
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(leaf.PublicKey) {
		return nil, errors.New("the key and the certificate do not belong together: the certificate is for another key")
	}
	return &Identity{
		cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
		fp:   FingerprintOf(der),
		name: leaf.Subject.CommonName,
	}, nil
}

// Certificate returns the identity as crypto/tls wants it, for
// tls.Config.Certificates (ServerConfig and ClientConfig put it there). Its
// slices are shared: do not modify them.
func (id *Identity) Certificate() tls.Certificate { return id.cert }

// Fingerprint returns the fingerprint of the identity's certificate: what a
// peer pins it by.
func (id *Identity) Fingerprint() Fingerprint { return id.fp }

// Name returns the common name in the identity's certificate, the one it was
// made with.
func (id *Identity) Name() string { return id.name }
