package discover

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// selectInterfaces returns the interfaces the Go responder and browser
// use: those named, or every interface that is up, can multicast and has
// an address. The loopback interface counts like any other: it is picked
// when it can multicast (Linux's lo cannot unless told to, "ip link set lo
// multicast on").
func selectInterfaces(names []string) ([]net.Interface, error) {
	all, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("list network interfaces: %w", err)
	}
	return pickInterfaces(all, names, func(i net.Interface) bool {
		addrs, err := i.Addrs()
		return err == nil && len(addrs) > 0
	})
}

// pickInterfaces is selectInterfaces on the interfaces all, hasAddr saying
// which have an address.
func pickInterfaces(all []net.Interface, names []string, hasAddr func(net.Interface) bool) ([]net.Interface, error) {
	var out []net.Interface
	if len(names) > 0 {
		for _, n := range names {
			i := indexOf(all, n)
			if i < 0 {
				return nil, fmt.Errorf("there is no network interface %q", n)
			}
			if all[i].Flags&net.FlagUp == 0 {
				return nil, fmt.Errorf("network interface %q is down", n)
			}
			out = append(out, all[i])
		}
		return out, nil
	}
	var skipped []string
	for _, i := range all {
		if i.Flags&net.FlagUp == 0 {
			continue
		}
		if i.Flags&net.FlagMulticast == 0 || !hasAddr(i) {
			skipped = append(skipped, i.Name)
			continue
		}
		out = append(out, i)
	}
	if len(out) == 0 {
		msg := "no network interface is up with multicast and an address"
		if len(skipped) > 0 {
			msg += " (up without: " + strings.Join(skipped, ", ") + ")"
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

func indexOf(all []net.Interface, name string) int {
	for i := range all {
		if all[i].Name == name {
			return i
		}
	}
	return -1
}

func interfaceNames(ifaces []net.Interface) []string {
	out := make([]string, len(ifaces))
	for i := range ifaces {
		out[i] = ifaces[i].Name
	}
	return out
}
