//go:build darwin && cgo

package discover

// The Bonjour backend: mDNSResponder through <dns_sd.h> (libSystem).
// UNTESTED on a Mac: written against Apple's dns_sd.h (mDNSResponder
// 2600) and compiled against that header on Linux only.

/*
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <dns_sd.h>

// The Go callbacks (bonjour_export_darwin.go).
extern void vsRegisterReply(DNSServiceFlags, DNSServiceErrorType, char *, uintptr_t);
extern void vsBrowseReply(DNSServiceFlags, uint32_t, DNSServiceErrorType, char *, char *, char *, uintptr_t);
extern void vsResolveReply(DNSServiceFlags, uint32_t, DNSServiceErrorType, char *, char *, uint16_t, uint16_t, unsigned char *, uintptr_t);
extern void vsAddrReply(DNSServiceFlags, uint32_t, DNSServiceErrorType, char *, struct sockaddr *, uintptr_t);

// C callbacks of the exact types dns_sd.h wants, passing on to Go.
static void DNSSD_API registerReply(DNSServiceRef ref, DNSServiceFlags flags, DNSServiceErrorType err,
		const char *name, const char *regtype, const char *domain, void *ctx) {
	vsRegisterReply(flags, err, (char *)name, (uintptr_t)ctx);
}
static void DNSSD_API browseReply(DNSServiceRef ref, DNSServiceFlags flags, uint32_t ifIndex, DNSServiceErrorType err,
		const char *name, const char *regtype, const char *domain, void *ctx) {
	vsBrowseReply(flags, ifIndex, err, (char *)name, (char *)regtype, (char *)domain, (uintptr_t)ctx);
}
static void DNSSD_API resolveReply(DNSServiceRef ref, DNSServiceFlags flags, uint32_t ifIndex, DNSServiceErrorType err,
		const char *fullname, const char *host, uint16_t port, uint16_t txtLen, const unsigned char *txt, void *ctx) {
	vsResolveReply(flags, ifIndex, err, (char *)fullname, (char *)host, port, txtLen, (unsigned char *)txt, (uintptr_t)ctx);
}
static void DNSSD_API addrReply(DNSServiceRef ref, DNSServiceFlags flags, uint32_t ifIndex, DNSServiceErrorType err,
		const char *host, const struct sockaddr *addr, uint32_t ttl, void *ctx) {
	vsAddrReply(flags, ifIndex, err, (char *)host, (struct sockaddr *)addr, (uintptr_t)ctx);
}

DNSServiceErrorType vsRegister(DNSServiceRef *ref, const char *name, const char *regtype,
		uint16_t portBE, uint16_t txtLen, const void *txt, uintptr_t ctx) {
	return DNSServiceRegister(ref, 0, kDNSServiceInterfaceIndexAny, name, regtype, NULL, NULL,
		portBE, txtLen, txt, registerReply, (void *)ctx);
}
DNSServiceErrorType vsBrowse(DNSServiceRef *ref, const char *regtype, uintptr_t ctx) {
	return DNSServiceBrowse(ref, 0, kDNSServiceInterfaceIndexAny, regtype, NULL, browseReply, (void *)ctx);
}
DNSServiceErrorType vsResolve(DNSServiceRef *ref, uint32_t ifIndex, const char *name, const char *regtype,
		const char *domain, uintptr_t ctx) {
	return DNSServiceResolve(ref, 0, ifIndex, name, regtype, domain, resolveReply, (void *)ctx);
}
DNSServiceErrorType vsAddrInfo(DNSServiceRef *ref, uint32_t ifIndex, const char *host, uintptr_t ctx) {
	return DNSServiceGetAddrInfo(ref, 0, ifIndex, kDNSServiceProtocol_IPv4 | kDNSServiceProtocol_IPv6, host,
		addrReply, (void *)ctx);
}

// vsSockaddr copies an IPv4 or IPv6 address out of addr into out and
// returns 4 or 6, or 0 for another family.
int vsSockaddr(const struct sockaddr *addr, unsigned char *out) {
	if (addr == NULL) {
		return 0;
	}
	if (addr->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)addr)->sin_addr, 4);
		return 4;
	}
	if (addr->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
		return 6;
	}
	return 0;
}
*/
import "C"

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/cgo"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// dns_sd.h's flags (a stable ABI).
const (
	sdFlagsMoreComing = 0x1
	sdFlagsAdd        = 0x2
	// sdPoll is how long the loop waits on the sockets before it looks
	// whether it should stop.
	sdPoll = 200 * time.Millisecond
	// bonjourRegisterWait bounds the wait for mDNSResponder's first
	// answer to a registration.
	bonjourRegisterWait = 10 * time.Second
)

// bonjour is the backend that asks mDNSResponder.
type bonjour struct{ logf logFunc }

func (b *bonjour) kind() Backend { return BackendBonjour }

// sdError is a DNSServiceErrorType as an error.
type sdError struct {
	call string
	code int32
}

func (e *sdError) Error() string { return fmt.Sprintf("%s: DNSServiceErrorType %d", e.call, e.code) }

// sdOp is one DNSServiceRef and what its callbacks feed.
type sdOp struct {
	ref    C.DNSServiceRef
	handle cgo.Handle
	dead   bool
	reg    *bRegistration // DNSServiceRegister
	browse *bBrowse       // DNSServiceBrowse, and the resolves and address queries it starts
	item   *bItem         // DNSServiceResolve, DNSServiceGetAddrInfo
}

func newOp() *sdOp {
	op := &sdOp{}
	op.handle = cgo.NewHandle(op)
	return op
}

func (op *sdOp) ctx() C.uintptr_t { return C.uintptr_t(op.handle) }

func opOf(ctx C.uintptr_t) *sdOp { return cgo.Handle(ctx).Value().(*sdOp) }

// sdLoop drives DNSServiceRefs from one goroutine: it polls their sockets
// and calls DNSServiceProcessResult, which runs their callbacks on that
// same goroutine; so callbacks need no locks, and no ref is deallocated
// while it is being processed (dns_sd.h warns of that).
type sdLoop struct {
	ops  []*sdOp
	dead []*sdOp
}

func (l *sdLoop) add(op *sdOp) { l.ops = append(l.ops, op) }

// kill deallocates op once the current callback is over.
func (l *sdLoop) kill(op *sdOp) {
	if op != nil && !op.dead {
		op.dead = true
		l.dead = append(l.dead, op)
	}
}

func (l *sdLoop) reap() {
	for _, op := range l.dead {
		C.DNSServiceRefDeallocate(op.ref)
		op.handle.Delete()
		for i, o := range l.ops {
			if o == op {
				l.ops = append(l.ops[:i], l.ops[i+1:]...)
				break
			}
		}
	}
	l.dead = l.dead[:0]
}

func (l *sdLoop) close() {
	for _, op := range l.ops {
		l.kill(op)
	}
	l.reap()
}

// poll waits up to sdPoll for answers and processes them; it returns the
// ops whose processing failed, already killed, with their errors.
func (l *sdLoop) poll() map[*sdOp]error {
	fds := make([]unix.PollFd, len(l.ops))
	ops := append([]*sdOp(nil), l.ops...)
	for i, op := range ops {
		fds[i] = unix.PollFd{Fd: int32(C.DNSServiceRefSockFD(op.ref)), Events: unix.POLLIN}
	}
	if _, err := unix.Poll(fds, int(sdPoll/time.Millisecond)); err != nil {
		return nil // EINTR: try again
	}
	var failed map[*sdOp]error
	for i, op := range ops {
		if op.dead || fds[i].Revents&(unix.POLLIN|unix.POLLERR|unix.POLLHUP) == 0 {
			continue
		}
		if e := C.DNSServiceProcessResult(op.ref); e != C.kDNSServiceErr_NoError {
			if failed == nil {
				failed = map[*sdOp]error{}
			}
			failed[op] = &sdError{"DNSServiceProcessResult", int32(e)}
			l.kill(op)
		}
		l.reap()
	}
	return failed
}

// bRegistration is what a registration's callback tells.
type bRegistration struct {
	logf    logFunc
	first   chan bReply // the first answer
	answers int
	name    string
}

type bReply struct {
	name string
	code int32
}

// reply is the registration's callback: the first answer goes to Advertise,
// later ones (a rename after a conflict) are logged.
func (r *bRegistration) reply(added bool, name string, code int32) {
	r.answers++
	if r.answers == 1 {
		r.first <- bReply{name: name, code: code}
		r.name = name
		return
	}
	switch {
	case code != 0:
		r.logf("discover: mDNSResponder: registration of %q failed: error %d", r.name, code)
	case added && name != r.name:
		r.logf("discover: %q was taken on the network: advertising as %q", r.name, name)
		r.name = name
	}
}

func (b *bonjour) advertise(ctx context.Context, s Service, txt []string) (*Advertisement, error) {
	data := joinTXT(txt)
	op := newOp()
	op.reg = &bRegistration{logf: b.logf, first: make(chan bReply, 1)}
	cname, ctype := C.CString(s.Instance), C.CString(ServiceType)
	defer C.free(unsafe.Pointer(cname))
	defer C.free(unsafe.Pointer(ctype))
	var ctxt unsafe.Pointer
	if len(data) > 0 {
		ctxt = C.CBytes(data)
		defer C.free(ctxt)
	}
	port := binary.NativeEndian.Uint16(binary.BigEndian.AppendUint16(nil, uint16(s.Port))) // network byte order
	if e := C.vsRegister(&op.ref, cname, ctype, C.uint16_t(port), C.uint16_t(len(data)), ctxt, op.ctx()); e != C.kDNSServiceErr_NoError {
		op.handle.Delete()
		return nil, &sdError{"DNSServiceRegister", int32(e)}
	}
	l := &sdLoop{}
	l.add(op)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer l.close()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := l.poll()[op]; err != nil {
				b.logf("discover: mDNSResponder stopped advertising %q: %v", s.Instance, err)
				<-stop
				return
			}
		}
	}()
	withdraw := func() {
		close(stop)
		<-done
	}
	wait := time.NewTimer(bonjourRegisterWait)
	defer wait.Stop()
	select {
	case r := <-op.reg.first:
		if r.code != 0 {
			withdraw()
			return nil, &sdError{"DNSServiceRegister's answer", r.code}
		}
		return &Advertisement{instance: r.name, withdraw: withdraw}, nil
	case <-ctx.Done():
		withdraw()
		return nil, fmt.Errorf("wait for mDNSResponder: %w", ctx.Err())
	case <-wait.C:
		withdraw()
		return nil, errors.New("mDNSResponder did not answer the registration")
	}
}
