// Package pairing holds what the viewer and picam need for private, paired
// connections: v2 over TLS 1.3 between two devices that know each other's
// key, as Syncthing's devices do (pinned self-signed certificates known by
// their SHA-256 fingerprints), with no certificate authority and no
// passwords.
//
// # Trust model
//
// Each side has an Identity: an Ed25519 key and a self-signed certificate
// made on first start and kept in a folder (LoadOrCreate). A peer is known by
// the Fingerprint of its certificate, and the set of peers a side allows is
// its Pins, a small JSON file of name to fingerprint.
//
//   - Trust on first use, confirmed by a code. The first time two devices
//     meet neither knows the other's key. Both run the session code exchange
//     right after the TLS handshake (ServerSessionCode, ClientSessionCode)
//     and show a 6-digit code, "123-456"; the person checks that both
//     screens show the same code and only then is the other's fingerprint
//     pinned (Pins.Allow). A man in the middle runs two TLS sessions, one with
//     each side, whose codes match only by chance (one in 10^6 per attempt, and
//     each attempt against the viewer shows the person a code). Pinning
//     without the person comparing the codes is plain trust on first use: it
//     holds against anyone who comes later, not against one who is there
//     first. (Code, from the two fingerprints alone, is weaker: see it.)
//   - Pinning. Afterwards the key is all that counts: a pinned peer's
//     certificate must have exactly the pinned fingerprint. The name a
//     certificate carries is a label, chosen by its owner; what Pins.Check
//     says depends on the key.
//   - A changed key. A known name with another key (Pins.Check gives
//     Changed, picam's handshake fails with a *MismatchError) is refused, and
//     the person is told: either the peer was reinstalled or its identity
//     deleted, and they may forget the old pin and pair again, or someone
//     else claims to be it. It is never accepted silently, nor is an
//     identity ever replaced silently: a corrupt identity file is an error
//     saying which file, and deleting it (and pairing again) is the person's
//     choice.
//   - What a peer can cost. Certificates are checked for form before
//     anything else (at most MaxPeerCerts, each at most MaxCertSize bytes,
//     self-signed, an Ed25519 or ECDSA key, a printable name) and handshakes
//     are TLS 1.3 only; files are read with size limits (MaxPinsFile,
//     MaxPins, MaxDenied).
//
// # The flow
//
// The viewer listens on one port for everything: it peeks SniffLen bytes
// (under its 2 s deadline to start a stream); IsTLSClientHello sends the
// connection to TLS with ServerConfig, anything else to wire.Reader as now
// (the blog post's seed protocol, plaintext v2). After the handshake it
// takes the client's fingerprint (PeerFingerprint) and name (the
// certificate's common name), runs ServerSessionCode, and asks its Pins: Known
// (or Renamed) streams; Unknown shows the code and asks the person, pinning
// with Allow on yes and remembering a no with Deny, so that a camera that
// keeps reconnecting is not asked about again; Changed and Denied are refused
// (ServerConfig's verify may refuse them already in the handshake).
//
// picam dials with ClientConfig, passing the viewer's pinned fingerprint if
// it has one, runs ClientSessionCode, and then sends v2 as over plain TCP. To
// pair, a person runs picam interactively (over SSH): it prints the code and
// pins the viewer's PeerFingerprint once the person says it matches what the
// viewer shows. A picam that pins the first viewer it reaches without asking
// has only trust on first use.
//
// Identities, Pins and configurations are safe for concurrent use; the
// functions that run on a connection use it as one goroutine would.
package pairing
