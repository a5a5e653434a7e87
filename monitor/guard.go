package monitor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// PrivateAddressError is a connection refused by the guard: the address
// a host name resolved to (or that a link named) is private, local or
// otherwise not on the public internet.
type PrivateAddressError struct {
	Addr netip.Addr
}

// Error says what was refused and how to allow it.
func (e *PrivateAddressError) Error() string {
	return fmt.Sprintf("refused to connect to %s: a private or local address (a feed or webhook added with --allow-private may use one)", e.Addr)
}

// blockedRanges are the addresses a feed may not reach unless allowed:
// besides what netip classifies (loopback, private, link-local,
// multicast, unspecified), the shared, reserved and translation ranges
// through which a public name could still lead inside.
var blockedRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (carrier NAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: an IPv4 address inside
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: an IPv4 address inside
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("fec0::/10"),       // old site-local
}

// PublicAddr reports whether a is an address a feed may reach without
// --allow-private. An IPv4-mapped IPv6 address is judged as its IPv4.
func PublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range blockedRanges {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// Resolver turns a host name into addresses. The default asks the
// system's resolver; tests give a stub.
type Resolver func(ctx context.Context, host string) ([]netip.Addr, error)

func systemResolver(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// guard is the dialer's Control: it runs after the name is resolved and
// before the socket connects, on the very address about to be used, so a
// name that resolves differently the second time (DNS rebinding) is
// judged on what is connected to. seen, when set (tests), is told of
// every address the guard was asked about.
func guard(allowPrivate bool, public func(netip.AddrPort) bool, seen func(netip.Addr, bool)) func(network, address string, c syscall.RawConn) error {
	if public == nil {
		public = func(ap netip.AddrPort) bool { return PublicAddr(ap.Addr()) }
	}
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("refused to connect to %q: not an IP address and port", address)
		}
		ok := allowPrivate || public(ap)
		if seen != nil {
			seen(ap.Addr(), ok)
		}
		if !ok {
			return &PrivateAddressError{Addr: ap.Addr().Unmap()}
		}
		return nil
	}
}

// ErrRedirectLoop is a fetch that was sent on more than maxRedirects times.
var ErrRedirectLoop = errors.New("too many redirects (a redirect loop?)")

// maxRedirects is how many redirects a fetch follows.
const maxRedirects = 10

// clientOptions says how the monitor's HTTP client connects.
type clientOptions struct {
	allowPrivate bool
	resolve      Resolver
	timeout      time.Duration
	// seen, when set (tests), hears of every address the guard judged.
	seen func(addr netip.Addr, allowed bool)
	// public, when set (tests), replaces PublicAddr: a test server on
	// loopback plays a public outlet.
	public func(netip.AddrPort) bool
}

// newClient returns an HTTP client whose every connection (the first
// request, each redirect, each item) passes the guard; it follows at
// most maxRedirects http(s) redirects and uses no proxy from the
// environment (a proxy would connect for us, past the guard).
func newClient(o clientOptions) *http.Client {
	resolve := o.resolve
	if resolve == nil {
		resolve = systemResolver
	}
	d := &net.Dialer{Timeout: 10 * time.Second, Control: guard(o.allowPrivate, o.public, o.seen)}
	dial := func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		pn, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("connect to %s: the port is not a number", address)
		}
		var addrs []netip.Addr
		if a, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{a}
		} else if addrs, err = resolve(ctx, host); err != nil {
			return nil, fmt.Errorf("look up %s: %w", host, err)
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("look up %s: no address", host)
		}
		var errs []error
		for _, a := range addrs {
			c, err := d.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(pn)).String())
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
	}
	timeout := o.timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return ErrRedirectLoop
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected to %q: only http and https are followed", req.URL.Scheme)
			}
			return nil
		},
	}
}
