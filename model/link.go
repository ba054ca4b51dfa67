package model

import (
	"fmt"
	"net"
	"strings"
)

// Link resolves references between the project's objects: function -> role
// -> attached policies, and function -> vSwitches -> SNAT entry -> NAT
// gateway -> EIP. It also fills each function's Positions. Link is idempotent;
// loaders call it once after merging all files.
func (p *Project) Link() {
	p.nats = nil
	p.linkAttachments()
	for _, f := range p.Functions {
		f.Links = FunctionLinks{}
		p.linkRole(f)
		p.linkNetwork(f)
		f.Positions = Positions(f)
	}
}

// SystemPolicyKey is the key of the synthetic Policy that stands for an
// Alibaba Cloud system policy attached by name.
func SystemPolicyKey(name string) string { return "system:" + name }

func (p *Project) linkAttachments() {
	for _, r := range p.Roles {
		r.Attached, r.AttachedRef = nil, nil
	}
	for _, a := range p.Attachments {
		a.Policy, a.Role = "", ""
		role := p.findRole(a.RoleName)
		pol := p.findPolicy(a.PolicyName, a.PolicyType)
		if pol != nil {
			a.Policy = pol.Key
		}
		if role == nil {
			continue
		}
		a.Role = role.Key
		if pol != nil {
			role.Attached = append(role.Attached, pol.Key)
			role.AttachedRef = append(role.AttachedRef, pol)
		}
	}
}

// findRole finds a role by reference, name or ARN.
func (p *Project) findRole(v Str) *Role {
	if !v.Set {
		return nil
	}
	if addr, _ := v.RefAddress(); addr != "" {
		for _, r := range p.Roles {
			if r.Key == addr && p.sameUnit(v.Pos, r.Source) {
				return r
			}
		}
	}
	s, ok := v.Get()
	if !ok || s == "" {
		return nil
	}
	name := roleNameFromARN(s)
	for _, r := range p.Roles {
		if arn, ok := r.ARN.Get(); ok && strings.EqualFold(arn, s) {
			return r
		}
		if n, ok := r.Name.Get(); ok && strings.EqualFold(n, name) {
			return r
		}
	}
	return nil
}

// roleNameFromARN returns the role name of "acs:ram::123:role/name", or s.
func roleNameFromARN(s string) string {
	if i := strings.LastIndex(s, ":role/"); i >= 0 {
		return s[i+len(":role/"):]
	}
	return s
}

// findPolicy finds a custom policy by reference or name; a system policy (by
// type, or a name not declared in the project that looks like one) gets a
// synthetic Policy entry so rules can judge it by name.
func (p *Project) findPolicy(name, typ Str) *Policy {
	if !name.Set {
		return nil
	}
	if addr, _ := name.RefAddress(); addr != "" {
		for _, pol := range p.Policies {
			if pol.Key == addr && p.sameUnit(name.Pos, pol.Source) {
				return pol
			}
		}
		return nil
	}
	n, ok := name.Get()
	if !ok || n == "" {
		return nil
	}
	t, _ := typ.Get()
	if !strings.EqualFold(t, string(PolicySystem)) {
		for _, pol := range p.Policies {
			if pn, ok := pol.Name.Get(); ok && pn == n && pol.Type == PolicyCustom {
				return pol
			}
		}
		if !strings.HasPrefix(n, "Aliyun") && n != "AdministratorAccess" && !strings.EqualFold(t, "system") {
			return nil
		}
	}
	key := SystemPolicyKey(n)
	for _, pol := range p.Policies {
		if pol.Key == key {
			return pol
		}
	}
	pol := &Policy{Key: key, Name: name, Type: PolicySystem, Source: name.Pos}
	p.Policies = append(p.Policies, pol)
	return pol
}

func (p *Project) linkRole(f *Function) {
	r := p.findRole(f.Role)
	if r == nil {
		return
	}
	f.Links.Role = r.Key
	f.Links.RoleRef = r
	f.Links.Policies = append([]string(nil), r.Attached...)
	f.Links.PolicyRefs = append([]*Policy(nil), r.AttachedRef...)
}

func (p *Project) linkNetwork(f *Function) {
	if f.VPC == nil {
		return
	}
	for _, id := range f.VPC.VSwitchIDs {
		vs := p.findVSwitch(id)
		if vs == nil {
			f.Links.Egress = append(f.Links.Egress, EgressPath{
				VSwitch: id.Text(),
				Unknown: fmt.Sprintf("vSwitch %s is not declared in the loaded files", id.Text()),
			})
			continue
		}
		f.Links.VSwitches = append(f.Links.VSwitches, vs.Key)
		f.Links.VSwitchRefs = append(f.Links.VSwitchRefs, vs)
		f.Links.Egress = append(f.Links.Egress, p.EgressFrom(vs))
	}
}

func (p *Project) findVSwitch(id Str) *VSwitch {
	for _, vs := range p.Network.VSwitches {
		if p.refersTo(id, vs.Key, vs.ID, vs.Source) {
			return vs
		}
	}
	return nil
}

// EgressFrom follows the internet path from vSwitch vs: an SNAT entry that
// covers it (by source vSwitch, or by a source CIDR containing the vSwitch
// CIDR), the NAT gateway owning that entry's SNAT table, and an EIP that is
// both the entry's SNAT IP and associated with that NAT gateway. It returns
// the first complete path, or the most complete partial one with the missing
// piece named.
func (p *Project) EgressFrom(vs *VSwitch) EgressPath {
	best := EgressPath{VSwitch: vs.Key, Missing: fmt.Sprintf("no SNAT entry covers vSwitch %s (by source_vswitch_id or a source_cidr containing its CIDR)", vs.Key)}
	bestDepth := 0
	var unknowns []string
	for _, s := range p.Network.SNATEntries {
		covers, unknown := p.snatCovers(s, vs)
		if unknown != "" {
			unknowns = append(unknowns, unknown)
			continue
		}
		if !covers {
			continue
		}
		path := EgressPath{VSwitch: vs.Key, SNATEntry: s.Key}
		nat := p.natOfSNATTable(s.SNATTableID)
		if nat == nil {
			if s.SNATTableID.IsKnown() || s.SNATTableID.Ref != "" {
				path.Unknown = fmt.Sprintf("SNAT entry %s uses SNAT table %s, whose NAT gateway is not declared in the loaded files", s.Key, s.SNATTableID.Text())
			} else {
				path.Missing = fmt.Sprintf("SNAT entry %s names no SNAT table", s.Key)
			}
			if bestDepth < 1 {
				best, bestDepth = path, 1
			}
			continue
		}
		if differ := p.differentVPCs(nat.VPCID, vs.VPCID); differ {
			continue // an SNAT entry only translates traffic of its own VPC
		}
		path.NATGateway = nat.Key
		eip, why := p.snatEIP(s, nat)
		if eip == nil {
			path.Missing = why
			if bestDepth < 2 {
				best, bestDepth = path, 2
			}
			continue
		}
		path.EIP = eip.Key
		path.Complete = true
		return path
	}
	if bestDepth == 0 && len(unknowns) > 0 {
		best.Missing = ""
		best.Unknown = strings.Join(unknowns, "; ")
	}
	return best
}

// snatCovers reports whether SNAT entry s translates traffic from vs; the
// second result explains why that cannot be decided statically.
func (p *Project) snatCovers(s *SNATEntry, vs *VSwitch) (bool, string) {
	if s.SourceVSwitchID.Set {
		if p.refersTo(s.SourceVSwitchID, vs.Key, vs.ID, vs.Source) {
			return true, ""
		}
		if s.SourceVSwitchID.IsUnknown() && s.SourceVSwitchID.Ref == "" {
			return false, fmt.Sprintf("SNAT entry %s has an unknown source vSwitch (%s)", s.Key, s.SourceVSwitchID.Unknown)
		}
		return false, ""
	}
	if !s.SourceCIDR.Set {
		return false, ""
	}
	snatCIDR, ok1 := s.SourceCIDR.Get()
	vsCIDR, ok2 := vs.CIDR.Get()
	if !ok1 || !ok2 {
		return false, fmt.Sprintf("SNAT entry %s source CIDR %s vs vSwitch CIDR %s cannot be compared", s.Key, s.SourceCIDR.Text(), vs.CIDR.Text())
	}
	return CIDRContains(snatCIDR, vsCIDR), ""
}

// refersTo is v.RefersTo(key, id) with address references confined to one
// load unit; known IDs match across units.
func (p *Project) refersTo(v Str, key string, id Str, target Pos) bool {
	if v.Ref != "" && !p.sameUnit(v.Pos, target) {
		return v.IsKnown() && id.IsKnown() && v.V == id.V
	}
	return v.RefersTo(key, id)
}

// differentVPCs reports whether two VPC ID values are known to name
// different VPCs (both references to different addresses, or both known and
// unequal). Anything undecidable is not "different".
func (p *Project) differentVPCs(a, b Str) bool {
	aa, _ := a.RefAddress()
	ba, _ := b.RefAddress()
	av, okA := a.Get()
	bv, okB := b.Get()
	if okA && okB && av != "" && bv != "" {
		return av != bv
	}
	if aa != "" && ba != "" {
		// References into two load units name two different VPCs even
		// when their addresses are spelled the same.
		return aa != ba || !p.sameUnit(a.Pos, b.Pos)
	}
	return false
}

// CIDRContains reports whether CIDR outer contains all of CIDR inner.
func CIDRContains(outer, inner string) bool {
	_, on, err1 := net.ParseCIDR(strings.TrimSpace(outer))
	_, in, err2 := net.ParseCIDR(strings.TrimSpace(inner))
	if err1 != nil || err2 != nil {
		return false
	}
	os, _ := on.Mask.Size()
	is, _ := in.Mask.Size()
	return os <= is && on.Contains(in.IP)
}

func (p *Project) natOfSNATTable(table Str) *NATGateway {
	if !table.Set {
		return nil
	}
	idx := p.natIndex()
	if addr, _ := table.RefAddress(); addr != "" {
		if u, ok := p.units[table.Pos.File]; ok {
			if ns := idx.byUnitKey[u+"\x00"+addr]; len(ns) > 0 {
				return ns[0]
			}
		}
		for _, n := range idx.byKey[addr] {
			if p.sameUnit(table.Pos, n.Source) {
				return n
			}
		}
		return nil
	}
	id, ok := table.Get()
	if !ok {
		return nil
	}
	if ns := idx.bySNATTable[id]; len(ns) > 0 {
		return ns[0]
	}
	return nil
}

// natIndex finds NAT gateways by address and by known SNAT table ID. It is
// built on first use and dropped by Link, which runs after every change.
type natIndex struct {
	byKey       map[string][]*NATGateway
	byUnitKey   map[string][]*NATGateway // unit + "\x00" + key
	bySNATTable map[string][]*NATGateway
}

func (p *Project) natIndex() *natIndex {
	if p.nats != nil && p.natsBuiltFor == len(p.Network.NATGateways) {
		return p.nats
	}
	idx := &natIndex{byKey: map[string][]*NATGateway{}, byUnitKey: map[string][]*NATGateway{}, bySNATTable: map[string][]*NATGateway{}}
	for _, n := range p.Network.NATGateways {
		idx.byKey[n.Key] = append(idx.byKey[n.Key], n)
		if u, ok := p.units[n.Source.File]; ok {
			k := u + "\x00" + n.Key
			idx.byUnitKey[k] = append(idx.byUnitKey[k], n)
		}
		for _, t := range n.SNATTableIDs {
			if v, ok := t.Get(); ok {
				idx.bySNATTable[v] = append(idx.bySNATTable[v], n)
			}
		}
	}
	p.nats, p.natsBuiltFor = idx, len(p.Network.NATGateways)
	return idx
}

// snatEIP returns the EIP that is s's SNAT IP and is associated with nat.
func (p *Project) snatEIP(s *SNATEntry, nat *NATGateway) (*EIP, string) {
	bound := p.eipsOf(nat)
	if len(bound) == 0 {
		return nil, fmt.Sprintf("no EIP is associated with NAT gateway %s", nat.Key)
	}
	if !s.SNATIP.Set {
		return nil, fmt.Sprintf("SNAT entry %s has no snat_ip", s.Key)
	}
	for _, e := range bound {
		if addr, _ := s.SNATIP.RefAddress(); addr != "" && addr == e.Key && p.sameUnit(s.SNATIP.Pos, e.Source) {
			return e, ""
		}
		if ip, ok := s.SNATIP.Get(); ok {
			for _, one := range strings.Split(ip, ",") {
				if v, ok := e.IPAddress.Get(); ok && strings.TrimSpace(one) == v {
					return e, ""
				}
			}
		}
	}
	if s.SNATIP.IsUnknown() && s.SNATIP.Ref == "" {
		// Unknown SNAT IP with an EIP bound: give the benefit of the doubt.
		return bound[0], ""
	}
	return nil, fmt.Sprintf("SNAT IP %s of SNAT entry %s is not an EIP associated with NAT gateway %s", s.SNATIP.Text(), s.Key, nat.Key)
}

func (p *Project) eipsOf(nat *NATGateway) []*EIP {
	var out []*EIP
	for _, a := range p.Network.EIPAssociations {
		if !p.refersTo(a.InstanceID, nat.Key, nat.ID, nat.Source) {
			continue
		}
		for _, e := range p.Network.EIPs {
			if p.refersTo(a.AllocationID, e.Key, e.ID, e.Source) {
				out = append(out, e)
			}
		}
	}
	return out
}
