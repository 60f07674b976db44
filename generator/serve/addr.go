package serve

import (
	"net"
	"strconv"
)

// serverURLs is where a browser reaches a server listening at listen: local
// on this machine, and network, from other machines, when it listens on
// every interface. Such a server's own address (0.0.0.0, or [::] as Go
// reports it) is no address a browser can open, so it never reaches a
// link: local is then localhost, and network lists this machine's
// addresses among interfaces, IPv4 first (the ones people type), IPv6
// global addresses only when there is no IPv4 one.
func serverURLs(listen *net.TCPAddr, interfaces []net.Addr) (local string, network []string) {
	port := strconv.Itoa(listen.Port)
	if !listen.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort(listen.IP.String(), port) + "/", nil
	}
	var v4, v6 []string
	for _, a := range interfaces {
		ipnet, ok := a.(*net.IPNet)
		if !ok || ipnet.IP.IsLoopback() || !ipnet.IP.IsGlobalUnicast() {
			continue // loopback, link-local and multicast addresses reach no other machine
		}
		u := "http://" + net.JoinHostPort(ipnet.IP.String(), port) + "/"
		if ipnet.IP.To4() != nil {
			v4 = append(v4, u)
		} else {
			v6 = append(v6, u)
		}
	}
	if len(v4) == 0 {
		v4 = v6
	}
	return "http://localhost:" + port + "/", v4
}
