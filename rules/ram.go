package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/rules/finding"
)

// RAM rules. Which policies each rule reads:
//
//   - RAM001, RAM005, RAM007: every custom policy document in the project,
//     attached or not (a policy attached to nothing today is one attachment
//     away from a function).
//   - RAM002, RAM003: policies attached to any principal (see holders in
//     principals.go: function roles, roles of any trust, users, groups) and
//     inline policies; a role only other services can assume ranks one
//     level lower.
//   - RAM004: system policies attached to any principal.
//   - RAM006: trust policies of those roles.
//
// Deny statements are never over-broad. Allow + NotAction grants every
// action but the listed ones (RAM001 with all resources, RAM002 otherwise);
// Allow + NotResource counts as all resources.
func init() {
	Register(&Rule{ID: "RAM001", Name: "ram-admin-action", Severity: finding.Error,
		Summary: "Allow of all actions (`*`, or NotAction) in a RAM policy: administrator access",
		Check:   checkRAM001})
	Register(&Rule{ID: "RAM002", Name: "ram-service-wildcard", Severity: finding.Warning,
		Summary: "Service-wide action wildcard (`oss:*`, `fc:*`) in a policy attached to a function role, user, group or role; error with all resources",
		Check:   checkRAM002})
	Register(&Rule{ID: "RAM003", Name: "ram-write-all-resources", Severity: finding.Warning,
		Summary: "Scopable write/delete/permission action granted on all resources in a policy attached to a principal",
		Check:   checkRAM003})
	Register(&Rule{ID: "RAM004", Name: "ram-admin-system-policy", Severity: finding.Error,
		Summary: "Full-access or administrator system policy attached to a role, user or group",
		Check:   checkRAM004})
	Register(&Rule{ID: "RAM005", Name: "ram-privilege-escalation", Severity: finding.Error,
		Summary: "Grant of RAM/STS actions that let the holder raise its own privileges",
		Check:   checkRAM005})
	Register(&Rule{ID: "RAM006", Name: "ram-trust-too-wide", Severity: finding.Warning,
		Summary: "Function role trust policy lets any account, `*` or unrelated services assume it",
		Check:   checkRAM006})
	Register(&Rule{ID: "RAM007", Name: "ram-unknown-action", Severity: finding.Warning,
		Summary: "Misspelled RAM action (close to a catalogued one), with did-you-mean",
		Check:   checkRAM007})
}

const fcService = "fc.aliyuncs.com"

// docURL is the documentation page of a rule.
func docURL(id string) string {
	return "https://github.com/fcplan/fcplan/blob/main/rules/docs/" + id + ".md"
}

// loc converts a model position.
func loc(p model.Pos) finding.Location {
	return finding.Location{File: p.File, Line: p.Line, Column: p.Column}
}

// firstValid returns the first position that names a line.
func firstValid(ps ...model.Pos) model.Pos {
	for _, p := range ps {
		if p.IsValid() {
			return p
		}
	}
	for _, p := range ps {
		if p.File != "" {
			return p
		}
	}
	return model.Pos{}
}

func newFinding(id string, sev finding.Severity, pos model.Pos, subject, msg, fix string) finding.Finding {
	return finding.Finding{RuleID: id, Severity: sev, Location: loc(pos), Message: msg, Fix: fix, DocURL: docURL(id), Subject: subject}
}

func ramCatalog(c *Context) *catalog.RAM {
	return &catalogOf(c).RAM
}

// functionRoles returns the roles functions run as plus roles trusting FC,
// in project order.
func functionRoles(p *model.Project) []*model.Role {
	seen := map[*model.Role]bool{}
	var out []*model.Role
	for _, f := range p.Functions {
		if r := f.Links.RoleRef; r != nil && !seen[r] {
			seen[r] = true
		}
	}
	for _, r := range p.Roles {
		if seen[r] || trustsService(r, fcService) {
			seen[r] = true
			out = append(out, r)
		}
	}
	// Roles linked from functions but not in p.Roles (should not happen).
	for _, f := range p.Functions {
		if r := f.Links.RoleRef; r != nil && !containsRole(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRole(rs []*model.Role, r *model.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func trustsService(r *model.Role, svc string) bool {
	if r.Trust == nil {
		return false
	}
	for _, st := range r.Trust.Statements {
		if !st.IsAllow() || st.Principal == nil {
			continue
		}
		for _, s := range st.Principal.Service {
			if v, ok := s.Get(); ok && strings.EqualFold(strings.TrimSpace(v), svc) {
				return true
			}
		}
	}
	return false
}

// functionPolicies returns the custom policies in scope of RAM002/RAM003:
// attached to a function role, or inline.
func functionPolicies(p *model.Project) map[*model.Policy]bool {
	in := map[*model.Policy]bool{}
	for _, r := range functionRoles(p) {
		for _, pol := range r.AttachedRef {
			in[pol] = true
		}
	}
	for _, f := range p.Functions {
		for _, pol := range f.Links.PolicyRefs {
			in[pol] = true
		}
	}
	for _, pol := range p.Policies {
		if pol.Inline {
			in[pol] = true
		}
	}
	return in
}

// customPolicies returns every policy with a document, in project order.
func customPolicies(p *model.Project) []*model.Policy {
	var out []*model.Policy
	for _, pol := range p.Policies {
		if pol.Document != nil && len(pol.Document.Statements) > 0 {
			out = append(out, pol)
		}
	}
	return out
}

// policyName is the policy's display name.
func policyName(pol *model.Policy) string {
	if n, ok := pol.Name.Get(); ok && n != "" {
		return n
	}
	return pol.Key
}

// conditionScope describes the restrictive conditions of a statement, or ""
// when none restricts it. Network-origin (acs:SourceIp, acs:SourceVpc) and
// resource/request tag conditions restrict; acs:SecureTransport,
// acs:MFAPresent and time windows do not (they say how, not what).
func conditionScope(st model.Statement) string {
	var keys []string
	for _, c := range st.Conditions {
		k := strings.ToLower(c.Key)
		restrictive := false
		switch {
		case k == "acs:sourceip", k == "acs:sourcevpc", k == "acs:sourcevpcid", k == "acs:accessid":
			restrictive = true
		case strings.HasPrefix(k, "acs:resourcetag/"), strings.HasPrefix(k, "acs:requesttag/"),
			strings.HasPrefix(k, "ram:resourcetag"), strings.HasPrefix(k, "ram:requesttag"),
			strings.HasPrefix(k, "ram:tag"), k == "oss:prefix":
			restrictive = true
		}
		if !restrictive || !specificValues(c.Values) {
			continue
		}
		keys = append(keys, c.Key)
	}
	if len(keys) == 0 {
		return ""
	}
	return strings.Join(keys, ", ")
}

// specificValues reports whether every condition value is known and narrower
// than "anything".
func specificValues(vs []model.Str) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		s, ok := v.Get()
		if !ok {
			return false
		}
		switch strings.TrimSpace(s) {
		case "", "*", "0.0.0.0/0", "::/0":
			return false
		}
	}
	return true
}

// isAllActions reports whether an action pattern is every action.
func isAllActions(a string) bool {
	a = strings.TrimSpace(a)
	return a == "*" || a == "*:*"
}

// serviceWildcard returns the service of a "svc:*" pattern.
func serviceWildcard(a string) (string, bool) {
	svc, act, ok := strings.Cut(strings.TrimSpace(a), ":")
	if !ok || act != "*" || svc == "" || svc == "*" {
		return "", false
	}
	return strings.ToLower(svc), true
}

// allResources reports whether a resource pattern covers every resource of
// service svc ("*", "acs:oss:*:*:*", "acs:log:*:*:project/*",
// "acs:fc:*:*:services/*/functions/*").
func allResources(res, svc string) bool {
	res = strings.TrimSpace(res)
	if res == "*" {
		return true
	}
	parts := strings.SplitN(res, ":", 5)
	if len(parts) != 5 || !strings.EqualFold(parts[0], "acs") {
		return false
	}
	rsvc := strings.ToLower(parts[1])
	if rsvc != "*" && svc != "" && svc != "*" && rsvc != svc {
		return false
	}
	path := parts[4]
	segs := strings.Split(path, "/")
	if rsvc == "oss" || (rsvc == "*" && svc == "oss") {
		return segs[0] == "*"
	}
	if len(segs) == 1 {
		return segs[0] == "*"
	}
	// type/name pairs: every name is "*".
	for i := 1; i < len(segs); i += 2 {
		if segs[i] != "*" {
			return false
		}
	}
	return segs[0] != "" || len(segs) == 1
}

// statementAllResources reports whether an Allow statement applies to every
// resource of svc: a Resource that covers all, or NotResource.
func statementAllResources(st model.Statement, svc string) (bool, model.Pos) {
	if len(st.NotResources) > 0 {
		return true, st.NotResources[0].Pos
	}
	for _, r := range st.Resources {
		if v, ok := r.Get(); ok && allResources(v, svc) {
			return true, r.Pos
		}
	}
	return false, model.Pos{}
}

func actionService(a string) string {
	svc, _, _ := strings.Cut(strings.TrimSpace(a), ":")
	return strings.ToLower(svc)
}

func checkRAM001(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, pol := range customPolicies(p) {
		for _, st := range pol.Document.Statements {
			if !st.IsAllow() {
				continue
			}
			cond := conditionScope(st)
			sev := finding.Error
			why := ""
			if cond != "" {
				sev = finding.Warning
				why = fmt.Sprintf(" (restricted only by the condition on %s)", cond)
			}
			for _, a := range st.Actions {
				v, ok := a.Get()
				if !ok || !isAllActions(v) {
					continue
				}
				out = append(out, newFinding("RAM001", sev, a.Pos, pol.Key,
					fmt.Sprintf("policy %s allows every action (%q)%s: whoever holds it, including a function's leaked STS token, administers the account", policyName(pol), v, why),
					"list only the actions the function calls, e.g. \"oss:GetObject\", \"oss:PutObject\", on the resources it uses"))
			}
			if len(st.NotActions) > 0 {
				all, _ := statementAllResources(st, "")
				if !all {
					continue // reported by RAM002
				}
				na := st.NotActions[0]
				out = append(out, newFinding("RAM001", sev, na.Pos, pol.Key,
					fmt.Sprintf("policy %s uses Allow with NotAction on all resources: it grants every action except %d listed%s, which is administrator access", policyName(pol), len(st.NotActions), why),
					"replace NotAction with an Action list of what the function needs; keep exclusions as a separate Deny statement"))
			}
		}
	}
	return out
}

func checkRAM002(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	scope := functionPolicies(p)
	held := holders(p)
	for _, pol := range customPolicies(p) {
		hs := held[pol]
		if !scope[pol] && len(hs) == 0 {
			continue
		}
		who := heldBy(hs)
		for _, st := range pol.Document.Statements {
			if !st.IsAllow() {
				continue
			}
			cond := conditionScope(st)
			for _, a := range st.Actions {
				v, ok := a.Get()
				if !ok {
					continue
				}
				svc, ok := serviceWildcard(v)
				if !ok {
					continue
				}
				all, _ := statementAllResources(st, svc)
				sev := finding.Warning
				scopeText := "on the listed resources"
				if all {
					sev = finding.Error
					scopeText = "on all resources"
				}
				extra := ""
				if cond != "" {
					sev--
					extra = fmt.Sprintf("; the condition on %s narrows it, so the severity is lowered", cond)
				}
				sev = reachSeverity(sev, hs)
				out = append(out, newFinding("RAM002", sev, a.Pos, pol.Key,
					fmt.Sprintf("policy %s%s grants every %s action (%q) %s, including delete and permission changes%s", policyName(pol), who, svc, v, scopeText, extra),
					fmt.Sprintf("list the %s actions the function calls (for example %s) and name the resources", svc, exampleActions(svc))))
			}
			if len(st.NotActions) > 0 {
				if all, _ := statementAllResources(st, ""); all {
					continue // RAM001
				}
				na := st.NotActions[0]
				sev := finding.Warning
				if cond != "" {
					sev = finding.Info
				}
				out = append(out, newFinding("RAM002", sev, na.Pos, pol.Key,
					fmt.Sprintf("policy %s%s uses Allow with NotAction: it grants every action except %d listed on its resources", policyName(pol), who, len(st.NotActions)),
					"replace NotAction with an Action list of what the function needs"))
			}
		}
	}
	return out
}

func exampleActions(svc string) string {
	switch svc {
	case "oss":
		return "oss:GetObject, oss:PutObject"
	case "fc":
		return "fc:InvokeFunction"
	case "log":
		return "log:PostLogStoreLogs"
	case "mns":
		return "mns:SendMessage"
	case "ots":
		return "ots:GetRow, ots:PutRow"
	case "kms":
		return "kms:Decrypt, kms:GetSecretValue"
	}
	return svc + ":Get..."
}

func checkRAM003(p *model.Project, c *Context) []finding.Finding {
	cat := ramCatalog(c)
	var out []finding.Finding
	scope := functionPolicies(p)
	held := holders(p)
	for _, pol := range customPolicies(p) {
		hs := held[pol]
		if !scope[pol] && len(hs) == 0 {
			continue
		}
		who := heldBy(hs)
		for _, st := range pol.Document.Statements {
			if !st.IsAllow() || conditionScope(st) != "" {
				continue
			}
			for _, a := range st.Actions {
				v, ok := a.Get()
				if !ok || isAllActions(v) {
					continue
				}
				if _, wild := serviceWildcard(v); wild {
					continue // RAM002
				}
				svc := actionService(v)
				all, _ := statementAllResources(st, svc)
				if !all {
					continue
				}
				var writes []string
				for _, info := range cat.Match(v) {
					if info.IsWrite() && !info.Unscopable {
						writes = append(writes, info.Name)
					}
				}
				if len(writes) == 0 {
					continue // read/list, unknown, or cannot be scoped
				}
				what := writes[0]
				if len(writes) > 1 {
					what = fmt.Sprintf("%s matches %d scopable write actions (%s...)", v, len(writes), strings.Join(writes[:min(3, len(writes))], ", "))
				}
				out = append(out, newFinding("RAM003", finding.Warning, a.Pos, pol.Key,
					fmt.Sprintf("policy %s%s grants %s on all resources, although it can be scoped to a resource: its holder can change or delete every %s resource in the account", policyName(pol), who, what, svc),
					fmt.Sprintf("name the resources, e.g. %s", exampleResource(svc))))
			}
		}
	}
	return out
}

func exampleResource(svc string) string {
	switch svc {
	case "oss":
		return "\"acs:oss:*:*:my-bucket/output/*\""
	case "fc":
		return "\"acs:fc:*:*:functions/my-function\""
	case "log":
		return "\"acs:log:*:*:project/my-project/logstore/my-logstore\""
	case "mns":
		return "\"acs:mns:*:*:/queues/my-queue/messages\""
	case "ots":
		return "\"acs:ots:*:*:instance/my-instance/table/my-table\""
	}
	return "\"acs:" + svc + ":<region>:<account>:<type>/<name>\""
}

func checkRAM004(p *model.Project, c *Context) []finding.Finding {
	cat := ramCatalog(c)
	var out []finding.Finding
	type key struct{ holder, pol string }
	seen := map[key]bool{}
	held := holders(p)
	for _, pol := range p.Policies {
		if pol.Type != model.PolicySystem {
			continue
		}
		name := policyName(pol)
		sev, alt := cat.AdminSeverity(name)
		if sev == "" {
			continue
		}
		for _, h := range held[pol] {
			k := key{h.String(), pol.Key}
			if seen[k] {
				continue
			}
			seen[k] = true
			pos := firstValid(h.attachedAt, pol.Source)
			if sev == "error" {
				out = append(out, newFinding("RAM004", finding.Error, pos, pol.Key,
					fmt.Sprintf("system policy %s is attached to %s: %s", name, h, adminReach(h)),
					"detach it and attach a custom policy with the actions and resources the holder uses"))
				continue
			}
			out = append(out, newFinding("RAM004", reachSeverity(finding.Warning, []holder{h}), pos, pol.Key,
				fmt.Sprintf("system policy %s is attached to %s: full control of the product, including deletes and permission changes", name, h),
				"use "+alt))
		}
	}
	return out
}

// adminReach says what an administrator grant means for its holder.
func adminReach(h holder) string {
	switch {
	case h.function:
		return "every invocation runs with account-administration rights"
	case h.accessKey:
		return "whoever holds the user's AccessKey administers the account, with no expiry"
	case h.kind == "user" || h.kind == "group":
		return "the user (or every member) administers the account"
	}
	return "whoever can assume the role administers the account"
}

// heldBy is " (attached to ...)" for messages, or "".
func heldBy(hs []holder) string {
	if d := describeHolders(hs); d != "" {
		return " (" + d + ")"
	}
	return ""
}

func roleName(r *model.Role) string {
	if n, ok := r.Name.Get(); ok && n != "" {
		return n
	}
	return r.Key
}

// attachmentPos finds where policy pol was attached to role r.
func attachmentPos(p *model.Project, r *model.Role, pol *model.Policy) model.Pos {
	for _, a := range p.Attachments {
		if a.Role == r.Key && a.Policy == pol.Key {
			return firstValid(a.PolicyName.Pos, a.Source)
		}
	}
	return firstValid(pol.Source, pol.Name.Pos, r.Source)
}

func checkRAM005(p *model.Project, c *Context) []finding.Finding {
	cat := ramCatalog(c)
	var out []finding.Finding
	for _, pol := range customPolicies(p) {
		for _, st := range pol.Document.Statements {
			if !st.IsAllow() {
				continue
			}
			for _, a := range st.Actions {
				v, ok := a.Get()
				if !ok || isAllActions(v) {
					continue // RAM001
				}
				var hits []string
				if strings.ContainsAny(v, "*?") {
					hits = cat.EscalationMatches(v)
				} else if cat.IsEscalation(v) {
					hits = []string{v}
				}
				hits = filterAnyRole(hits, st)
				if len(hits) == 0 {
					continue
				}
				what := hits[0]
				if len(hits) > 1 || hits[0] != v {
					what = fmt.Sprintf("%s (covers %s)", v, strings.Join(hits[:min(4, len(hits))], ", "))
					if len(hits) > 4 {
						what = what[:len(what)-1] + ", ...)"
					}
				}
				out = append(out, newFinding("RAM005", finding.Error, a.Pos, pol.Key,
					fmt.Sprintf("policy %s grants %s: the holder can give itself (or a key it creates) more permissions than the policy states", policyName(pol), what),
					"remove RAM/STS management actions from runtime roles; grant sts:AssumeRole only on the specific role ARN needed"))
			}
		}
	}
	return out
}

// filterAnyRole drops sts:AssumeRole and ram:PassRole when the statement
// names specific roles: they escalate only on any role.
func filterAnyRole(hits []string, st model.Statement) []string {
	var out []string
	for _, h := range hits {
		l := strings.ToLower(h)
		if l == "sts:assumerole" || l == "ram:passrole" {
			any := len(st.NotResources) > 0
			for _, r := range st.Resources {
				v, ok := r.Get()
				if !ok {
					continue
				}
				if v == "*" || strings.HasSuffix(v, ":role/*") || strings.HasSuffix(v, ":*") {
					any = true
				}
			}
			if !any {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

func checkRAM006(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	own := ownAccounts(p)
	for _, r := range functionRoles(p) {
		if r.Trust == nil {
			continue
		}
		for _, st := range r.Trust.Statements {
			if !st.IsAllow() || st.Principal == nil {
				continue
			}
			pr := st.Principal
			if pr.Any {
				out = append(out, newFinding("RAM006", finding.Warning, firstValid(pr.Pos, st.Pos, r.Source), r.Key,
					fmt.Sprintf("trust policy of function role %s has Principal \"*\": any Alibaba Cloud account can assume it and use the function's permissions", roleName(r)),
					"trust only the service: \"Principal\": {\"Service\": [\"fc.aliyuncs.com\"]}"))
			}
			for _, ram := range pr.RAM {
				v, ok := ram.Get()
				if !ok {
					continue
				}
				acct, isRAM := principalAccount(v)
				switch {
				case v == "*" || (isRAM && acct == "*"):
					out = append(out, newFinding("RAM006", finding.Warning, ram.Pos, r.Key,
						fmt.Sprintf("trust policy of function role %s lets any account assume it (%q)", roleName(r), v),
						"trust only fc.aliyuncs.com, or name the one account that must assume the role"))
				case isRAM && len(own) > 0 && !own[acct]:
					out = append(out, newFinding("RAM006", finding.Warning, ram.Pos, r.Key,
						fmt.Sprintf("trust policy of function role %s lets account %s assume it, which is not the account of the project's other resources (%s)", roleName(r), acct, strings.Join(sortedKeys(own), ", ")),
						"remove the cross-account principal or move that access to a dedicated role"))
				}
			}
			var extra []string
			var extraPos model.Pos
			hasFC := false
			for _, s := range pr.Service {
				v, ok := s.Get()
				if !ok {
					continue
				}
				if strings.EqualFold(strings.TrimSpace(v), fcService) {
					hasFC = true
					continue
				}
				extra = append(extra, v)
				if !extraPos.IsValid() {
					extraPos = s.Pos
				}
			}
			if len(extra) > 0 {
				msg := fmt.Sprintf("function role %s is also trusted by %s: that service can act with the function's permissions", roleName(r), strings.Join(extra, ", "))
				if !hasFC {
					msg = fmt.Sprintf("function role %s is trusted by %s, not by fc.aliyuncs.com: the role is shared with an unrelated service", roleName(r), strings.Join(extra, ", "))
				}
				out = append(out, newFinding("RAM006", finding.Warning, firstValid(extraPos, pr.Pos, st.Pos), r.Key, msg,
					"give each service its own role; the function role should trust only fc.aliyuncs.com"))
			}
		}
	}
	return out
}

// principalAccount returns the account of "acs:ram::<account>:root" or
// ":role/..."/":user/...", and whether v is such an ARN. A bare account ID
// is also accepted.
func principalAccount(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if isDigits(v) {
		return v, true
	}
	parts := strings.SplitN(v, ":", 5)
	if len(parts) != 5 || !strings.EqualFold(parts[0], "acs") || !strings.EqualFold(parts[1], "ram") {
		return "", false
	}
	return parts[3], true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ownAccounts collects the account IDs named in known role ARNs and
// function role ARNs of the project.
func ownAccounts(p *model.Project) map[string]bool {
	own := map[string]bool{}
	add := func(v model.Str) {
		s, ok := v.Get()
		if !ok {
			return
		}
		if acct, ok := principalAccount(s); ok && isDigits(acct) {
			own[acct] = true
		}
	}
	for _, r := range p.Roles {
		add(r.ARN)
	}
	for _, f := range p.Functions {
		add(f.Role)
	}
	return own
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkRAM007(p *model.Project, c *Context) []finding.Finding {
	cat := ramCatalog(c)
	var out []finding.Finding
	for _, pol := range customPolicies(p) {
		for _, st := range pol.Document.Statements {
			for _, list := range [][]model.Str{st.Actions, st.NotActions} {
				for _, a := range list {
					v, ok := a.Get()
					if !ok || isAllActions(v) || strings.ContainsAny(v, "*?") {
						continue
					}
					if _, known := cat.Action(v); known {
						continue
					}
					svc := actionService(v)
					if !strings.Contains(v, ":") {
						out = append(out, newFinding("RAM007", finding.Warning, a.Pos, pol.Key,
							fmt.Sprintf("action %q in policy %s has no service prefix: RAM actions are written <ram-code>:<Action>, so this statement matches nothing", v, policyName(pol)),
							"write the action as service:Action, e.g. \"oss:GetObject\""))
						continue
					}
					sug := cat.Suggest(v)
					if sug == "" {
						continue // not close to anything known: the catalog is partial
					}
					effect := "grants nothing"
					if !st.IsAllow() {
						effect = "denies nothing"
					}
					where := "is not a known " + svc + " action"
					if !cat.HasService(svc) {
						where = fmt.Sprintf("uses an unknown service code %q", svc)
					}
					out = append(out, newFinding("RAM007", finding.Warning, a.Pos, pol.Key,
						fmt.Sprintf("action %q in policy %s %s, so the statement %s for it; did you mean %q?", v, policyName(pol), where, effect, sug),
						fmt.Sprintf("use %q", sug)))
				}
			}
		}
	}
	return out
}
