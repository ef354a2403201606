// Package discover finds a vidstream viewer on the local network with
// DNS-SD over multicast DNS (RFC 6763, RFC 6762): the viewer advertises
// the service type _vidstream._tcp with its instance name, its port and
// TXT keys (KeyProtocols, e.g. "proto=seed,v2", and KeyFingerprint, its
// certificate's SHA-256 in hex), and picam browses for it (Browse, or
// Lookup by instance name for "picam -to NAME").
//
// # Backends
//
// Config.Backend picks one; BackendAuto picks for the system:
//
//   - Linux: Avahi over D-Bus when the daemon runs (org.freedesktop.Avahi
//     owns a name on the system bus): Server.EntryGroupNew,
//     EntryGroup.AddService and Commit to advertise, renaming with
//     GetAlternativeServiceName on collisions and registering again when
//     Avahi restarts; ServiceBrowserNew, its ItemNew and ItemRemove
//     signals and ResolveService to browse (avahi_linux.go,
//     avahi_browse_linux.go). Otherwise, with no system bus or no Avahi
//     on it, the Go responder.
//   - macOS built with cgo: the system's Bonjour through <dns_sd.h>
//     (DNSServiceRegister, DNSServiceBrowse, DNSServiceResolve,
//     DNSServiceGetAddrInfo, driven by DNSServiceRefSockFD and
//     DNSServiceProcessResult from one goroutine; bonjour_*_darwin.go).
//     mDNSResponder owns port 5353 there. This code is UNTESTED on a Mac:
//     it was written against Apple's dns_sd.h (mDNSResponder 2600) and
//     only compiled, on Linux, against that header. macOS without cgo
//     uses the Go responder.
//   - Every other system: the Go responder.
//
// # The Go responder
//
// Advertising is github.com/brutella/dnssd v1.2.14, chosen over
// github.com/hashicorp/mdns v1.0.7 after reading both. dnssd does what a
// responder on a shared network must: it probes for the instance and host
// names before using them and renames on a conflict ("Vidstream (2)",
// RFC 6762 sections 8 and 9), announces the service twice and sends
// goodbye packets when it stops, so that browsers see a viewer come and
// go without polling; it answers with multicast on every chosen interface,
// over IPv4 and IPv6, each interface with its own addresses; it takes a
// list of interfaces, so loopback can be used alone; and it escapes
// instance names. hashicorp/mdns v1.0.7 probes and announces nothing, has
// no goodbye, answers every query by unicast to its sender, listens on one
// interface (or the system's default), and by default advertises the
// addresses its host name resolves to (127.0.1.1 on Debian).
//
// dnssd v1.2.14 has faults this package works around: its readers stop
// only on context.Canceled, so a context that ends with DeadlineExceeded
// leaves them spinning on a closed socket (fixed after that release,
// brutella/dnssd#55): every context it is given here is one that is only
// ever cancelled, and the probe is cut short by this package before
// dnssd's own one-minute limit. It logs to standard output: those lines go
// to the standard logger's output instead (picam may write a stream to
// standard output). Its browser keeps every service it hears of, without
// bound, so browsing is this package's own querier (querier.go, cache.go,
// packet.go), which reads packets with a parser of its own: the
// golang.org/x/net/dns/dnsmessage parser refuses a label with a dot in it,
// which an instance name may have.
//
// # Bounds
//
// Every backend passes what it finds through one registry, which passes
// on only valid services: an instance name of 1 to MaxInstanceLen bytes
// of UTF-8 without control characters, a port other than 0, at least one
// address (at most MaxAddrs kept, IPv4 first, then IPv6 with its zone when
// link-local), a TXT record trimmed to MaxTXTStrings strings of at most
// MaxTXTStringLen bytes and MaxTXTBytes in all, a KeyFingerprint value of
// FingerprintLen hex digits or none. At most MaxServices services are
// remembered; the Go browser keeps records with a TTL of at most 75
// minutes, reads at most 512 records a message and queues at most 64
// messages. What is left out is logged, at most about a line a second.
//
// # Not tested here
//
// The Bonjour backend (no Mac); the Avahi backend against a real Avahi
// daemon (it is tested against a fake org.freedesktop.Avahi on a private
// dbus-daemon); the Go responder and browser over IPv6 multicast and with
// link-local zones on a real link (Linux does not loop IPv6 multicast back
// on lo, so the namespace tests go over IPv4), on more than one interface,
// on Windows and the BSDs (they compile, and go vet passes).
package discover
