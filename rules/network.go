package rules

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

func init() {
	Register(&Rule{ID: "NET001", Name: "vpc-egress-gap", Severity: finding.Error,
		Summary: "VPC function with internet access off and no NAT gateway -> SNAT -> EIP path from its vSwitch",
		Check:   checkNET001})
	Register(&Rule{ID: "NET002", Name: "vpc-single-zone", Severity: finding.Warning,
		Summary: "VPC function with a single vSwitch (one zone)",
		Check:   checkNET002})
	Register(&Rule{ID: "NET003", Name: "vpc-unneeded", Severity: finding.Info,
		Summary: "VPC attached although nothing in the function's configuration needs it (ENI cold-start penalty)",
		Check:   checkNET003})
	Register(&Rule{ID: "NET004", Name: "sg-blocks-https", Severity: finding.Warning,
		Summary: "Security group egress drops HTTPS (443) while the function calls HTTPS endpoints",
		Check:   checkNET004})
}

// vpcAttached reports whether the function runs in a user VPC with explicit
// vSwitches (not Serverless Devs' `vpcConfig: auto`).
func vpcAttached(f *model.Function) bool {
	return f.VPC != nil && !f.VPC.Auto && len(f.VPC.VSwitchIDs) > 0
}

// hostClass classifies a host seen in configuration.
type hostClass int

const (
	hostNone    hostClass = iota // not a host
	hostPublic                   // reached over the internet
	hostPrivate                  // a private address or VPC endpoint
)

// commonTLDs are the top-level domains accepted for bare host names
// (without a scheme), so that "index.handler" or "main.py" are not hosts.
var commonTLDs = map[string]bool{"com": true, "cn": true, "net": true, "org": true, "io": true, "cloud": true, "ai": true, "co": true, "info": true, "biz": true, "hk": true, "sg": true, "jp": true, "de": true, "uk": true, "us": true}

// privateNets are RFC 1918, loopback, link-local and the 100.64/10 range
// Alibaba Cloud uses for internal service addresses.
var privateNets = func() []*net.IPNet {
	var out []*net.IPNet
	for _, c := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "fc00::/7", "::1/128"} {
		_, n, _ := net.ParseCIDR(c)
		out = append(out, n)
	}
	return out
}()

// hostEvidence is a host found in an environment variable.
type hostEvidence struct {
	Env    string
	Host   string
	Scheme string // "https", "http", "" (bare host or other scheme)
	Class  hostClass
	Pos    model.Pos
}

// envHosts returns the hosts named by the function's known environment
// variable values: URLs (scheme://host), host:port pairs and bare host names
// with a common top-level domain, and IP addresses.
func envHosts(f *model.Function) []hostEvidence {
	var out []hostEvidence
	for _, e := range f.Env {
		v, ok := e.Value.Get()
		if !ok || v == "" {
			continue
		}
		for _, tok := range strings.FieldsFunc(v, func(r rune) bool {
			return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' || r == '"' || r == '\''
		}) {
			scheme, host := splitHost(tok)
			if host == "" {
				continue
			}
			cls := classifyHost(host, scheme != "")
			if cls == hostNone {
				continue
			}
			out = append(out, hostEvidence{Env: e.Name, Host: host, Scheme: scheme, Class: cls, Pos: firstValid(e.Value.Pos, e.Pos)})
		}
	}
	return out
}

// splitHost extracts the scheme and host of a token: "https://a.b/c" gives
// ("https", "a.b"); "a.b:3306" and "a.b" give ("", "a.b"); DSNs such as
// "user:pw@tcp(h:3306)/db" give the host inside the parentheses.
func splitHost(tok string) (scheme, host string) {
	if strings.Contains(tok, "${") || strings.Contains(tok, "{{") {
		return "", ""
	}
	if i := strings.Index(tok, "://"); i > 0 {
		u, err := url.Parse(tok)
		if err != nil {
			return "", ""
		}
		return strings.ToLower(u.Scheme), strings.ToLower(u.Hostname())
	}
	if i := strings.Index(tok, "("); i >= 0 {
		if j := strings.Index(tok[i:], ")"); j > 0 {
			tok = tok[i+1 : i+j]
		}
	}
	if i := strings.LastIndex(tok, "@"); i >= 0 {
		tok = tok[i+1:]
	}
	if i := strings.IndexAny(tok, "/?"); i >= 0 {
		tok = tok[:i]
	}
	if h, p, err := net.SplitHostPort(tok); err == nil {
		if _, err := strconv.Atoi(p); err == nil {
			tok = h
		}
	}
	return "", strings.ToLower(strings.Trim(tok, "[]"))
}

// classifyHost says whether host is public, private or not a host at all.
// withScheme relaxes the top-level-domain check for URLs.
func classifyHost(host string, withScheme bool) hostClass {
	if host == "" {
		return hostNone
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsUnspecified() {
			return hostNone
		}
		for _, n := range privateNets {
			if n.Contains(ip) {
				return hostPrivate
			}
		}
		return hostPublic
	}
	if host == "localhost" {
		return hostPrivate
	}
	if !strings.Contains(host, ".") {
		if withScheme {
			return hostPrivate // single-label names resolve inside a network
		}
		return hostNone
	}
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return hostNone
		}
	}
	labels := strings.Split(host, ".")
	tld := labels[len(labels)-1]
	switch {
	case tld == "internal", tld == "local", tld == "lan", tld == "intranet", strings.HasSuffix(host, ".svc.cluster.local"), tld == "svc":
		return hostPrivate
	}
	if !withScheme && !commonTLDs[tld] {
		return hostNone
	}
	if isPrivateAliyunHost(host) {
		return hostPrivate
	}
	return hostPublic
}

// isPrivateAliyunHost reports whether an Alibaba Cloud host name is a VPC or
// internal endpoint: "-internal" and "-intranet" endpoints, "vpc" endpoints
// (oss "vpc100-", ACR "registry-vpc."), and ApsaraDB instance hosts
// (*.rds.aliyuncs.com covers RDS, Redis, MongoDB and PolarDB; their public
// addresses must be requested separately and are the exception).
func isPrivateAliyunHost(host string) bool {
	if !strings.HasSuffix(host, ".aliyuncs.com") && !strings.HasSuffix(host, ".aliyun.com") && !strings.HasSuffix(host, ".aliyuncs.com.cn") {
		return false
	}
	switch {
	case strings.Contains(host, "-internal."), strings.Contains(host, "-internal-"), strings.Contains(host, "-intranet."),
		strings.Contains(host, "-vpc."), strings.Contains(host, ".vpc."), strings.HasPrefix(host, "vpc"),
		strings.HasSuffix(host, ".rds.aliyuncs.com"), strings.Contains(host, ".redis."), strings.Contains(host, ".mongodb."),
		strings.Contains(host, "vpc-proxy"), strings.HasSuffix(host, ".polardb.aliyuncs.com"):
		return true
	}
	return false
}

// internetNeed returns the evidence that the function calls public hosts:
// the analyzers' finding first, then environment variables.
func internetNeed(f *model.Function, c *Context) (string, model.Pos, bool) {
	if c != nil && c.NeedsInternet != nil {
		if l, ok := c.NeedsInternet[f.Key]; ok {
			return fmt.Sprintf("its code calls a public host (%s)", l.String()), model.Pos{File: l.File, Line: l.Line, Column: l.Column}, true
		}
	}
	for _, h := range envHosts(f) {
		if h.Class == hostPublic {
			return fmt.Sprintf("environment variable %s names the public host %s", h.Env, h.Host), h.Pos, true
		}
	}
	return "", model.Pos{}, false
}

func checkNET001(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.VPC == nil || !f.InternetAccess.Set {
			continue // unset: platform default, internet through FC's network
		}
		if v, ok := f.InternetAccess.Get(); ok && v {
			continue
		}
		var missing, unknown []string
		var related []finding.Related
		if f.VPC.Auto {
			// Serverless Devs creates a VPC, a vSwitch and a security group
			// for `vpcConfig: auto`, never a NAT gateway.
			missing = append(missing, "vpcConfig: auto creates a VPC, vSwitch and security group but no NAT gateway")
			related = append(related, finding.Related{Location: loc(firstValid(f.VPC.Pos, f.Source)), Message: "vpcConfig: auto"})
		} else if len(f.VPC.VSwitchIDs) == 0 {
			continue
		}
		for i, e := range f.Links.Egress {
			if e.Complete {
				continue
			}
			vsPos := model.Pos{}
			if i < len(f.VPC.VSwitchIDs) {
				vsPos = f.VPC.VSwitchIDs[i].Pos
			}
			if e.Missing != "" {
				if !containsString(missing, e.Missing) {
					missing = append(missing, e.Missing)
				}
				related = append(related, finding.Related{Location: loc(vsPos), Message: "vSwitch " + e.VSwitch + ": " + e.Missing})
			} else if e.Unknown != "" {
				if !containsString(unknown, e.Unknown) {
					unknown = append(unknown, e.Unknown)
				}
				related = append(related, finding.Related{Location: loc(vsPos), Message: "vSwitch " + e.VSwitch + ": " + e.Unknown})
			}
		}
		if len(missing) == 0 && len(unknown) == 0 {
			continue
		}
		why, needPos, needs := internetNeed(f, c)
		if needs {
			related = append(related, finding.Related{Location: loc(needPos), Message: why})
		}
		pos := firstValid(f.InternetAccess.Pos, f.VPC.Pos, f.Source)
		fix := "add a NAT gateway in the VPC with an SNAT entry for the function's vSwitch (source_vswitch_id, or a source_cidr containing its CIDR) whose snat_ip is an EIP associated with that NAT gateway; or set internet access back to true"
		if f.InternetAccess.IsUnknown() {
			if len(missing) == 0 || !needs {
				continue
			}
			fd := newFinding("NET001", finding.Info, pos, f.Key,
				fmt.Sprintf("internet access is %q (not known statically) and the VPC has no internet path: %s. If it resolves to false, the function cannot reach the internet although %s", f.InternetAccess.Text(), missing[0], why), fix)
			fd.Related = related
			out = append(out, fd)
			continue
		}
		if len(missing) == 0 {
			fd := newFinding("NET001", finding.Info, pos, f.Key,
				fmt.Sprintf("internet access is off, so all traffic leaves through the VPC; the NAT path could not be checked: %s", strings.Join(unknown, "; ")),
				"make sure the vSwitch's NAT gateway has an SNAT entry and an EIP, or load the files that declare them")
			fd.Related = related
			out = append(out, fd)
			continue
		}
		sev := finding.Warning
		tail := "; any call to a public endpoint will time out"
		if needs {
			sev = finding.Error
			tail = fmt.Sprintf(", yet %s: those calls will time out", why)
		}
		out = append(out, finding.Finding{
			RuleID: "NET001", Severity: sev, Location: loc(pos), Subject: f.Key, DocURL: docURL("NET001"),
			Message: fmt.Sprintf("internet access is off, so all traffic (internet included) leaves through the VPC, but there is no NAT path: %s%s. (InfraGuard's fc-service-internet-access-disable recommends turning internet access off without checking this path.)", strings.Join(missing, "; "), tail),
			Fix:     fix,
			Related: related,
		})
	}
	return out
}

// singleVSwitchRef reports whether an unknown vSwitch value names exactly
// one vSwitch (a resource reference), as opposed to a list variable.
func singleVSwitchRef(v model.Str) bool {
	if v.IsKnown() {
		return true
	}
	addr, attr := v.RefAddress()
	return addr != "" && strings.Contains(addr, "vswitch") && !strings.HasPrefix(addr, "var.") && (attr == "id" || attr == "") && !strings.Contains(v.Ref, "*")
}

func checkNET002(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		if !vpcAttached(f) {
			continue
		}
		ids := f.VPC.VSwitchIDs
		if len(ids) == 1 {
			if !singleVSwitchRef(ids[0]) || strings.Contains(ids[0].Text(), ",") {
				continue
			}
			out = append(out, newFinding("NET002", finding.Warning, firstValid(ids[0].Pos, f.VPC.Pos), f.Key,
				fmt.Sprintf("function %s uses one vSwitch (%s), so all its instances run in one zone: a zone outage or exhausted vSwitch IPs stop it", funcName(f), ids[0].Text()),
				"list vSwitches in two or more zones in vswitchIds / vswitch_ids"))
			continue
		}
		if len(f.Links.VSwitchRefs) < 2 || len(f.Links.VSwitchRefs) != len(ids) {
			continue
		}
		zone := ""
		same := true
		for _, vs := range f.Links.VSwitchRefs {
			z, ok := vs.Zone.Get()
			if !ok || z == "" {
				same = false
				break
			}
			if zone == "" {
				zone = z
			} else if z != zone {
				same = false
			}
		}
		if same {
			out = append(out, newFinding("NET002", finding.Warning, firstValid(ids[0].Pos, f.VPC.Pos), f.Key,
				fmt.Sprintf("function %s has %d vSwitches but all are in zone %s: a zone outage stops it", funcName(f), len(ids), zone),
				"use vSwitches in at least two zones"))
		}
	}
	return out
}

func funcName(f *model.Function) string {
	if n, ok := f.Name.Get(); ok && n != "" {
		return n
	}
	return f.Key
}

// vpcNeed returns evidence that the function needs its VPC.
func vpcNeed(f *model.Function) bool {
	if f.NAS != nil && (f.NAS.Auto || len(f.NAS.Targets) > 0) {
		return true
	}
	// Internet access turned off on purpose routes egress through the VPC
	// (a NAT gateway's fixed IP, PrivateZone).
	if f.InternetAccess.Set && !f.InternetAccess.Or(true) {
		return true
	}
	if f.Container != nil {
		if img, ok := f.Container.Image.Get(); ok {
			host, _, _ := strings.Cut(img, "/")
			if isPrivateAliyunHost(strings.ToLower(host)) {
				return true
			}
		}
	}
	for _, h := range envHosts(f) {
		if h.Class == hostPrivate {
			return true
		}
	}
	return false
}

func checkNET003(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.VPC == nil || (!f.VPC.Auto && len(f.VPC.VSwitchIDs) == 0) {
			continue
		}
		if f.InternetAccess.IsUnknown() || vpcNeed(f) {
			continue
		}
		unknownEnv := false
		for _, e := range f.Env {
			if !e.Value.IsKnown() {
				unknownEnv = true
			}
		}
		if unknownEnv || f.NAS != nil {
			continue // cannot tell what the function reaches
		}
		// Positive evidence only: the function's dependencies are visible and
		// all public. Without any host in the configuration the code may read
		// private addresses from elsewhere.
		why, _, public := internetNeed(f, c)
		if !public {
			continue
		}
		out = append(out, newFinding("NET003", finding.Info, firstValid(f.VPC.Pos, f.VPC.VPCID.Pos, f.Source), f.Key,
			fmt.Sprintf("function %s is attached to a VPC but its configuration shows only public dependencies (%s) and no private host or NAS mount: VPC attachment adds an ENI to each new instance, about 0.5-1.5 s of cold start under burst scaling", funcName(f), why),
			"remove vpcConfig if the function only calls public endpoints; keep it (and suppress) if the code reaches private addresses not visible in the configuration"))
	}
	return out
}

// sgRulesFor returns the security group a function uses and its rules, or
// nil when the group is not declared in the project.
func sgRulesFor(p *model.Project, f *model.Function) (*model.SecurityGroup, []*model.SecurityGroupRule) {
	if f.VPC == nil || !f.VPC.SecurityGroupID.Set {
		return nil, nil
	}
	for _, sg := range p.Network.SecurityGroups {
		if !f.VPC.SecurityGroupID.RefersTo(sg.Key, sg.ID) {
			continue
		}
		var rules []*model.SecurityGroupRule
		for _, r := range p.Network.SecurityGroupRules {
			if r.SecurityGroupID.RefersTo(sg.Key, sg.ID) {
				rules = append(rules, r)
			}
		}
		return sg, rules
	}
	return nil, nil
}

// portCovers reports whether a port range "a/b" (or "-1/-1") includes port.
func portCovers(rng string, port int) bool {
	a, b, ok := strings.Cut(strings.TrimSpace(rng), "/")
	if !ok {
		return false
	}
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return false
	}
	if lo == -1 && hi == -1 {
		return true
	}
	return lo <= port && port <= hi
}

func checkNET004(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.VPC == nil {
			continue
		}
		sg, rules := sgRulesFor(p, f)
		if sg == nil {
			continue
		}
		var https *hostEvidence
		for _, h := range envHosts(f) {
			if h.Class == hostPublic && h.Scheme == "https" {
				h := h
				https = &h
				break
			}
		}
		if https == nil {
			continue
		}
		// The first matching egress rule by priority decides; on equal
		// priority a drop wins. Without a match a basic security group
		// allows all egress.
		var decider *model.SecurityGroupRule
		decided := false
		for _, r := range rules {
			typ, ok1 := r.Type.Get()
			if !ok1 || !strings.EqualFold(typ, "egress") {
				if !ok1 {
					decided = false
					decider = nil
					break
				}
				continue
			}
			proto, ok2 := r.IPProtocol.Get()
			ports, ok3 := r.PortRange.Get()
			cidr, ok4 := r.CIDR.Get()
			policy := r.Policy.Or("accept")
			if !ok2 || !ok3 || !ok4 || r.Policy.IsUnknown() || r.Priority.IsUnknown() {
				decided = false
				decider = nil
				break // not determinable
			}
			if !(strings.EqualFold(proto, "tcp") || strings.EqualFold(proto, "all")) || !portCovers(ports, 443) || strings.TrimSpace(cidr) != "0.0.0.0/0" {
				continue
			}
			prio := r.Priority.Or(1)
			if decider == nil || prio < decider.Priority.Or(1) || (prio == decider.Priority.Or(1) && strings.EqualFold(policy, "drop")) {
				decider = r
			}
			decided = true
		}
		if !decided || decider == nil || !strings.EqualFold(decider.Policy.Or("accept"), "drop") {
			continue
		}
		fd := newFinding("NET004", finding.Warning, firstValid(decider.Policy.Pos, decider.Source), f.Key,
			fmt.Sprintf("security group %s drops TCP 443 egress to 0.0.0.0/0 (rule %s), but function %s calls %s (environment variable %s): those HTTPS calls will time out", sg.Key, decider.Key, funcName(f), https.Host, https.Env),
			"add an egress accept rule for tcp 443/443 to the destinations the function calls, with a higher priority (lower number) than the drop rule")
		fd.Related = []finding.Related{{Location: loc(https.Pos), Message: "HTTPS endpoint " + https.Host}}
		out = append(out, fd)
	}
	return out
}
