package rules

import (
	"fmt"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

// A holder is a principal a policy is attached to: a role (of any trust), a
// RAM user, a group, or a function (inline policies). RAM002, RAM003 and
// RAM004 judge every policy that some holder has; the severity follows the
// holder's reach.
type holder struct {
	kind string // "role", "user", "group", "function"
	name string
	// function: a function runs with it (its execution role, a role
	// trusting fc.aliyuncs.com, or an inline policy).
	function bool
	// accessKey: a user for whom the configuration creates a long-term
	// AccessKey (alicloud_ram_access_key).
	accessKey bool
	// serviceOnly: a role whose trust policy admits only cloud services
	// other than FC, so no person or key can assume it directly.
	serviceOnly bool
	// attachedAt is where the policy was attached to this holder.
	attachedAt model.Pos
}

func (h holder) String() string {
	switch {
	case h.kind == "function":
		return "function " + h.name
	case h.function:
		return "function role " + h.name
	case h.accessKey:
		return "RAM user " + h.name + " (with a long-term AccessKey created in this configuration)"
	case h.kind == "user":
		return "RAM user " + h.name
	case h.kind == "group":
		return "RAM group " + h.name
	case h.serviceOnly:
		return "service role " + h.name
	}
	return "role " + h.name
}

// holders maps each policy that is attached to a principal (or written
// inline in a function) to its holders, in project order.
func holders(p *model.Project) map[*model.Policy][]holder {
	out := map[*model.Policy][]holder{}
	byKey := map[string]*model.Policy{}
	for _, pol := range p.Policies {
		byKey[pol.Key] = pol
	}
	fnRoles := map[*model.Role]bool{}
	for _, r := range functionRoles(p) {
		fnRoles[r] = true
	}
	roles := map[string]*model.Role{}
	for _, r := range p.Roles {
		roles[r.Key] = r
	}
	keys := usersWithKeys(p)
	type seenKey struct {
		pol        *model.Policy
		kind, name string
	}
	seen := map[seenKey]bool{}
	add := func(pol *model.Policy, h holder) {
		k := seenKey{pol, h.kind, h.name}
		if seen[k] {
			return
		}
		seen[k] = true
		out[pol] = append(out[pol], h)
	}
	for _, a := range p.Attachments {
		pol := byKey[a.Policy]
		if pol == nil {
			continue
		}
		at := firstValid(a.PolicyName.Pos, a.Source)
		switch {
		case a.RoleName.Set:
			h := holder{kind: "role", name: a.RoleName.Text(), attachedAt: at}
			if r := roles[a.Role]; r != nil {
				h.name = roleName(r)
				h.function = fnRoles[r]
				h.serviceOnly = !h.function && serviceOnlyTrust(r)
			} else {
				h.function = functionUsesRole(p, a.RoleName)
			}
			add(pol, h)
		case a.UserName.Set:
			add(pol, holder{kind: "user", name: userName(p, a.UserName), accessKey: keys.has(a.UserName), attachedAt: at})
		case a.GroupName.Set:
			add(pol, holder{kind: "group", name: a.GroupName.Text(), attachedAt: at})
		}
	}
	for _, f := range p.Functions {
		for _, pol := range f.Links.PolicyRefs {
			if pol.Inline {
				add(pol, holder{kind: "function", name: funcName(f), function: true, attachedAt: pol.Source})
			}
		}
	}
	for _, pol := range p.Policies {
		if pol.Inline && len(out[pol]) == 0 {
			add(pol, holder{kind: "function", name: policyName(pol), function: true, attachedAt: pol.Source})
		}
	}
	return out
}

// serviceOnlyTrust reports whether r's trust policy lets only services
// assume it (no account, user, federated or "*" principal).
func serviceOnlyTrust(r *model.Role) bool {
	if r.Trust == nil || r.Trust.Unknown != "" || len(r.Trust.Statements) == 0 {
		return false
	}
	services := 0
	for _, st := range r.Trust.Statements {
		if !st.IsAllow() {
			continue
		}
		pr := st.Principal
		if pr == nil || pr.Any || len(pr.RAM) > 0 || len(pr.Federated) > 0 {
			return false
		}
		services += len(pr.Service)
	}
	return services > 0
}

// functionUsesRole reports whether a function's role names the role v
// (a role not declared in the loaded files, attached by name).
func functionUsesRole(p *model.Project, v model.Str) bool {
	name, ok := v.Get()
	if !ok || name == "" {
		return false
	}
	for _, f := range p.Functions {
		if fr, ok := f.Role.Get(); ok && strings.EqualFold(roleNameFromARN(fr), name) {
			return true
		}
	}
	return false
}

func roleNameFromARN(s string) string {
	if i := strings.LastIndex(s, ":role/"); i >= 0 {
		return s[i+len(":role/"):]
	}
	return s
}

// keyedUsers indexes the users that have an AccessKey in the
// configuration, by reference address and by known name, so that a project
// with many attachments and keys is judged in linear time.
type keyedUsers struct {
	byRef, byName map[string]bool
}

func usersWithKeys(p *model.Project) keyedUsers {
	k := keyedUsers{byRef: map[string]bool{}, byName: map[string]bool{}}
	userNames := map[string]string{}
	for _, u := range p.Users {
		if n, ok := u.Name.Get(); ok {
			userNames[u.Key] = n
		}
	}
	for _, ak := range p.AccessKeys {
		addr, _ := ak.UserName.RefAddress()
		if addr != "" {
			k.byRef[addr] = true
			if n := userNames[addr]; n != "" {
				k.byName[n] = true
			}
		}
		if n, ok := ak.UserName.Get(); ok && n != "" {
			k.byName[n] = true
		}
	}
	for key, n := range userNames {
		if k.byName[n] {
			k.byRef[key] = true
		}
	}
	return k
}

// has reports whether the user named by v (a reference or a name) has an
// AccessKey.
func (k keyedUsers) has(v model.Str) bool {
	if addr, _ := v.RefAddress(); addr != "" && k.byRef[addr] {
		return true
	}
	n, ok := v.Get()
	return ok && n != "" && k.byName[n]
}

// userName is the display name of a user_name value.
func userName(p *model.Project, v model.Str) string {
	if n, ok := v.Get(); ok {
		return n
	}
	addr, _ := v.RefAddress()
	for _, u := range p.Users {
		if u.Key == addr {
			if n, ok := u.Name.Get(); ok {
				return n
			}
			return u.Key
		}
	}
	return v.Text()
}

// reachSeverity lowers sev by one level (never below warning) when every
// holder is a role that only other cloud services can assume: a grant
// there is used by that service, not by a function or by whoever holds a
// key.
func reachSeverity(sev finding.Severity, hs []holder) finding.Severity {
	if len(hs) == 0 {
		return sev
	}
	for _, h := range hs {
		if !h.serviceOnly {
			return sev
		}
	}
	if sev > finding.Warning {
		return sev - 1
	}
	return sev
}

// describeHolders says who holds a policy, for messages.
func describeHolders(hs []holder) string {
	if len(hs) == 0 {
		return ""
	}
	names := make([]string, 0, len(hs))
	for _, h := range hs {
		names = append(names, h.String())
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
	}
	return "attached to " + strings.Join(names, ", ")
}
