//go:build darwin && cgo

package discover

// The callbacks mDNSResponder's answers reach, through the C functions of
// bonjour_darwin.go. They run inside DNSServiceProcessResult, on the
// goroutine of the sdLoop that owns the ref.

/*
#include <sys/socket.h>
#include <dns_sd.h>

int vsSockaddr(const struct sockaddr *addr, unsigned char *out);
*/
import "C"

import (
	"encoding/binary"
	"net/netip"
	"unsafe"
)

//export vsRegisterReply
func vsRegisterReply(flags C.DNSServiceFlags, code C.DNSServiceErrorType, name *C.char, ctx C.uintptr_t) {
	if op := opOf(ctx); op.reg != nil {
		op.reg.reply(uint32(flags)&sdFlagsAdd != 0, C.GoString(name), int32(code))
	}
}

//export vsBrowseReply
func vsBrowseReply(flags C.DNSServiceFlags, ifIndex C.uint32_t, code C.DNSServiceErrorType, name, regtype, domain *C.char, ctx C.uintptr_t) {
	if op := opOf(ctx); op.browse != nil && op.item == nil {
		op.browse.found(uint32(flags)&sdFlagsAdd != 0, uint32(ifIndex), int32(code), C.GoString(name), C.GoString(regtype), C.GoString(domain))
	}
}

//export vsResolveReply
func vsResolveReply(flags C.DNSServiceFlags, ifIndex C.uint32_t, code C.DNSServiceErrorType, fullname, host *C.char,
	port, txtLen C.uint16_t, txt *C.uchar, ctx C.uintptr_t) {
	op := opOf(ctx)
	if op.item == nil || op.item.resolve != op {
		return
	}
	var data []byte
	if txt != nil && txtLen > 0 {
		data = C.GoBytes(unsafe.Pointer(txt), C.int(txtLen))
	}
	// port is in network byte order.
	p := binary.BigEndian.Uint16(binary.NativeEndian.AppendUint16(nil, uint16(port)))
	op.browse.resolved(op.item, int32(code), C.GoString(host), int(p), data)
}

//export vsAddrReply
func vsAddrReply(flags C.DNSServiceFlags, ifIndex C.uint32_t, code C.DNSServiceErrorType, host *C.char, addr *C.struct_sockaddr, ctx C.uintptr_t) {
	op := opOf(ctx)
	if op.item == nil || op.item.addr != op {
		return
	}
	var buf [16]byte
	var a netip.Addr
	switch C.vsSockaddr(addr, (*C.uchar)(unsafe.Pointer(&buf[0]))) {
	case 4:
		a = netip.AddrFrom4([4]byte(buf[:4]))
	case 6:
		a = netip.AddrFrom16(buf)
	}
	op.browse.address(op.item, uint32(flags)&sdFlagsAdd != 0, int32(code), a)
}
