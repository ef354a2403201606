//go:build darwin && cgo

package discover

/*
#include <stdlib.h>
#include <dns_sd.h>

DNSServiceErrorType vsBrowse(DNSServiceRef *ref, const char *regtype, uintptr_t ctx);
DNSServiceErrorType vsResolve(DNSServiceRef *ref, uint32_t ifIndex, const char *name, const char *regtype,
	const char *domain, uintptr_t ctx);
DNSServiceErrorType vsAddrInfo(DNSServiceRef *ref, uint32_t ifIndex, const char *host, uintptr_t ctx);
*/
import "C"

import (
	"cmp"
	"context"
	"net"
	"net/netip"
	"slices"
	"unsafe"
)

// maxBonjourOps bounds the resolves and address queries running at once.
const maxBonjourOps = 2 * MaxServices

// bKey tells the sightings of one service apart.
type bKey struct {
	ifIndex uint32
	domain  string
}

// bItem is one sighting of a service, and what resolving it gave.
type bItem struct {
	key      bKey
	svc      *bService
	resolve  *sdOp
	addr     *sdOp
	resolved bool
	host     string
	port     int
	txt      []string
	txtMore  int
	addrs    map[netip.Addr]bool
}

// bService is a service seen, by instance name.
type bService struct {
	key   string
	name  string
	typ   string
	items map[bKey]*bItem
}

// bBrowse is the state of a browse; only the loop's goroutine touches it.
type bBrowse struct {
	reg      *registry
	logf     logFunc
	loop     *sdLoop
	services map[string]*bService
	ops      int   // resolves and address queries running
	err      error // the browse failed
}

func (b *bonjour) browse(ctx context.Context, reg *registry) error {
	st := &bBrowse{reg: reg, logf: b.logf, loop: &sdLoop{}, services: map[string]*bService{}}
	defer st.loop.close()
	op := newOp()
	op.browse = st
	ctype := C.CString(ServiceType)
	defer C.free(unsafe.Pointer(ctype))
	if e := C.vsBrowse(&op.ref, ctype, op.ctx()); e != C.kDNSServiceErr_NoError {
		op.handle.Delete()
		return &sdError{"DNSServiceBrowse", int32(e)}
	}
	st.loop.add(op)
	for ctx.Err() == nil {
		for failed, err := range st.loop.poll() {
			if failed == op {
				return err
			}
			if failed.item != nil {
				st.logf("discover: mDNSResponder: resolving %q failed: %v", failed.item.svc.name, err)
				st.drop(failed)
			}
		}
		if st.err != nil {
			return st.err
		}
	}
	return nil
}

// drop forgets a failed op of an item.
func (st *bBrowse) drop(op *sdOp) {
	st.ops--
	if op.item.resolve == op {
		op.item.resolve = nil
	}
	if op.item.addr == op {
		op.item.addr = nil
	}
}

// found is the browse callback.
func (st *bBrowse) found(added bool, ifIndex uint32, code int32, name, typ, domain string) {
	if code != 0 {
		st.err = &sdError{"DNSServiceBrowse's answer", code}
		return
	}
	key := nameKey([]string{name})
	s := st.services[key]
	k := bKey{ifIndex, domain}
	if !added {
		if s == nil || s.items[k] == nil {
			return
		}
		st.stopItem(s.items[k])
		delete(s.items, k)
		if len(s.items) == 0 {
			delete(st.services, key)
			st.reg.remove(key)
			st.reg.forget(key)
			return
		}
		st.publish(s)
		return
	}
	if err := checkInstance(name); err != nil {
		st.logf("discover: ignoring service %q: %v", truncate(name), err)
		return
	}
	switch {
	case s == nil && len(st.services) >= MaxServices:
		st.logf("discover: ignoring service %q: already %d services", name, MaxServices)
		return
	case s == nil:
		s = &bService{key: key, name: name, typ: typ, items: map[bKey]*bItem{}}
		st.services[key] = s
	}
	if s.items[k] != nil || len(s.items) >= maxItems || st.ops >= maxBonjourOps || len(domain) > 255 {
		return
	}
	it := &bItem{key: k, svc: s, addrs: map[netip.Addr]bool{}}
	s.items[k] = it
	it.resolve = st.start(it, func(op *sdOp) C.DNSServiceErrorType {
		cn, ct, cd := C.CString(name), C.CString(typ), C.CString(domain)
		defer C.free(unsafe.Pointer(cn))
		defer C.free(unsafe.Pointer(ct))
		defer C.free(unsafe.Pointer(cd))
		return C.vsResolve(&op.ref, C.uint32_t(ifIndex), cn, ct, cd, op.ctx())
	})
}

// start starts a resolve or address query for it with call.
func (st *bBrowse) start(it *bItem, call func(*sdOp) C.DNSServiceErrorType) *sdOp {
	op := newOp()
	op.item = it
	op.browse = st
	if e := call(op); e != C.kDNSServiceErr_NoError {
		op.handle.Delete()
		st.logf("discover: mDNSResponder: resolve %q: %v", it.svc.name, &sdError{"start", int32(e)})
		return nil
	}
	st.ops++
	st.loop.add(op)
	return op
}

func (st *bBrowse) stopItem(it *bItem) {
	for _, op := range []*sdOp{it.resolve, it.addr} {
		if op != nil && !op.dead {
			st.loop.kill(op)
			st.ops--
		}
	}
	it.resolve, it.addr = nil, nil
}

// resolved is the resolve callback: host, port and TXT record.
func (st *bBrowse) resolved(it *bItem, code int32, host string, port int, txt []byte) {
	if code != 0 || it.svc.items[it.key] != it {
		return
	}
	strs, more, err := splitTXT(txt)
	if err != nil {
		st.logf("discover: service %q: %v", it.svc.name, err)
	}
	if len(host) > 255 {
		host = ""
	}
	if host != it.host && it.addr != nil {
		st.loop.kill(it.addr)
		st.ops--
		it.addr = nil
		clear(it.addrs)
	}
	it.resolved, it.host, it.port, it.txt, it.txtMore = true, host, port, strs, more
	if it.addr == nil && host != "" && st.ops < maxBonjourOps {
		it.addr = st.start(it, func(op *sdOp) C.DNSServiceErrorType {
			ch := C.CString(host)
			defer C.free(unsafe.Pointer(ch))
			return C.vsAddrInfo(&op.ref, C.uint32_t(it.key.ifIndex), ch, op.ctx())
		})
	}
	st.publish(it.svc)
}

// address is the address query's callback.
func (st *bBrowse) address(it *bItem, added bool, code int32, a netip.Addr) {
	if code != 0 || !a.IsValid() || it.svc.items[it.key] != it {
		return
	}
	if a.Is6() && a.IsLinkLocalUnicast() {
		if ifi, err := net.InterfaceByIndex(int(it.key.ifIndex)); err == nil {
			a = a.WithZone(ifi.Name)
		}
	}
	switch {
	case !added:
		delete(it.addrs, a)
	case len(it.addrs) < MaxAddrs:
		it.addrs[a] = true
	}
	st.publish(it.svc)
}

// publish merges the items of s: the addresses of all, the rest from the
// first resolved one, by interface index.
func (st *bBrowse) publish(s *bService) {
	var items []*bItem
	for _, it := range s.items {
		if it.resolved {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		return
	}
	slices.SortFunc(items, func(a, b *bItem) int {
		return cmp.Or(cmp.Compare(a.key.ifIndex, b.key.ifIndex), cmp.Compare(a.key.domain, b.key.domain))
	})
	v := view{instance: s.name, host: items[0].host, port: items[0].port, txt: items[0].txt, txtMore: items[0].txtMore}
	for _, it := range items {
		for a := range it.addrs {
			v.addrs = append(v.addrs, a)
		}
	}
	slices.SortFunc(v.addrs, netip.Addr.Compare)
	st.reg.set(s.key, v)
}
