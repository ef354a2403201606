package pairing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// newTestIdentity makes an identity named name in a new folder.
func newTestIdentity(t testing.TB, name string) *Identity {
	t.Helper()
	id, err := LoadOrCreate(t.TempDir(), name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestLoadOrCreateThenReload(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "identity")
	made, err := LoadOrCreate(dir, "viewer")
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadOrCreate(dir, "another name")
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != made.Fingerprint() || made.Fingerprint().IsZero() {
		t.Errorf("reloaded fingerprint %v, made %v", again.Fingerprint(), made.Fingerprint())
	}
	if again.Name() != "viewer" {
		t.Errorf("reloaded name %q, want the stored %q", again.Name(), "viewer")
	}
	cert := again.Certificate()
	if FingerprintOf(cert.Certificate[0]) != made.Fingerprint() || cert.Leaf == nil {
		t.Error("Certificate() is not the identity's")
	}
	if _, ok := cert.PrivateKey.(ed25519.PrivateKey); !ok {
		t.Errorf("key is %T, want Ed25519", cert.PrivateKey)
	}
	if !cert.Leaf.NotAfter.Equal(notAfter) || cert.Leaf.NotBefore.After(time.Now()) {
		t.Errorf("validity %v to %v", cert.Leaf.NotBefore, cert.Leaf.NotAfter)
	}
	if cert.Leaf.IsCA || cert.Leaf.Subject.CommonName != "viewer" {
		t.Errorf("certificate: CA %v, name %q", cert.Leaf.IsCA, cert.Leaf.Subject.CommonName)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "cert.pem key.pem" {
		t.Errorf("folder holds %v, want only the two files (no temporary file left)", names)
	}
	if runtime.GOOS == "windows" {
		return
	}
	for file, want := range map[string]os.FileMode{KeyFile: 0o600, CertFile: 0o644} {
		fi, err := os.Stat(filepath.Join(dir, file))
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %v", file, fi.Mode().Perm(), err, want)
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestTwoIdentitiesDiffer(t *testing.T) {
	if newTestIdentity(t, "a").Fingerprint() == newTestIdentity(t, "a").Fingerprint() {
		t.Error("two new identities have one fingerprint")
	}
}

// damage makes an identity in a new folder, then replaces file's content
// with content, and returns the folder.
func damage(t *testing.T, file string, content []byte) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir, "pi"); err != nil {
		t.Fatal(err)
	}
	if content == nil {
		if err := os.Remove(filepath.Join(dir, file)); err != nil {
			t.Fatal(err)
		}
	} else if err := os.WriteFile(filepath.Join(dir, file), content, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadOrCreateRefusesDamage(t *testing.T) {
	other := t.TempDir()
	if _, err := LoadOrCreate(other, "other"); err != nil {
		t.Fatal(err)
	}
	otherKey, _ := os.ReadFile(filepath.Join(other, KeyFile))
	otherCert, _ := os.ReadFile(filepath.Join(other, CertFile))
	for _, tc := range []struct {
		name, file string
		content    []byte
		want       []string
	}{
		{"corrupt key", KeyFile, []byte("not a key\n"), []string{KeyFile, "no PEM", "delete"}},
		{"truncated key", KeyFile, otherKey[:40], []string{KeyFile, "delete"}},
		{"key with junk after", KeyFile, append(bytes.Clone(otherKey), "junk"...), []string{KeyFile, "follow its PEM block"}},
		{"cert in key file", KeyFile, otherCert, []string{KeyFile, `"CERTIFICATE" block, not "PRIVATE KEY"`}},
		{"corrupt cert", CertFile, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), []string{CertFile, "does not parse", "delete"}},
		{"mismatched key", KeyFile, otherKey, []string{KeyFile, CertFile, "do not belong together"}},
		{"mismatched cert", CertFile, otherCert, []string{"do not belong together"}},
		{"key only", CertFile, nil, []string{"incomplete", "delete", KeyFile}},
		{"cert only", KeyFile, nil, []string{"private key is lost", "delete", CertFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := damage(t, tc.file, tc.content)
			before := snapshot(t, dir)
			_, err := LoadOrCreate(dir, "pi")
			if err == nil {
				t.Fatal("LoadOrCreate accepted it")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// snapshot describes dir's files and their contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		b.WriteString(e.Name() + "=" + FingerprintOf(data).String()[:8] + " ")
	}
	return b.String()
}

func TestLoadOrCreateRefusesBadName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"", "a\nb", strings.Repeat("x", MaxCommonName+1)} {
		if _, err := LoadOrCreate(dir, name); err == nil {
			t.Errorf("LoadOrCreate(%q) made an identity", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused name left %d files", len(entries))
	}
}

func TestLoadOrCreateUnwritableFolder(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadOrCreate(filepath.Join(parent, "identity"), "pi")
	if err == nil || !strings.Contains(err.Error(), parent) {
		t.Errorf("LoadOrCreate under a file: %v", err)
	}
}

func TestIdentityCertificatePassesPeerChecks(t *testing.T) {
	id := newTestIdentity(t, "pi")
	der := id.Certificate().Certificate[0]
	leaf, fp, err := checkPeerCerts([][]byte{der})
	if err != nil || fp != id.Fingerprint() {
		t.Fatalf("checkPeerCerts = %v, %v", fp, err)
	}
	if leaf.PublicKeyAlgorithm != x509.Ed25519 || len(der) > 1024 {
		t.Errorf("%v certificate of %d bytes", leaf.PublicKeyAlgorithm, len(der))
	}
}

func TestWriteFileNeverReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := writeFile(path, []byte("one"), 0o600, false); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, []byte("two"), 0o600, false); err == nil {
		t.Error("writeFile without replace replaced a file")
	}
	if data, _ := os.ReadFile(path); string(data) != "one" {
		t.Errorf("file holds %q", data)
	}
	if err := writeFile(path, []byte("three"), 0o600, true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "three" {
		t.Errorf("file holds %q", data)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files in the folder, want 1", len(entries))
	}
}
