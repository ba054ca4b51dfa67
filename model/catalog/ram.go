package catalog

import (
	"path"
	"sort"
	"strings"
	"sync"
)

// RAM is the catalog section in data/ram.yaml: the RAM actions fcplan knows
// per service, their access class, which cannot be scoped to a resource, the
// privilege-escalation actions and the admin system policies.
type RAM struct {
	// Services maps a RAM code (oss, fc, log...) to its actions.
	Services map[string]RAMService `yaml:"services" json:"services"`
	// Escalation lists the actions that let the holder grant itself more
	// permissions ("ram:CreatePolicy", "sts:AssumeRole"...).
	Escalation ActionList `yaml:"escalation" json:"escalation"`
	// AdminPolicies classifies system policies that grant admin rights.
	AdminPolicies AdminPolicies `yaml:"adminPolicies" json:"adminPolicies"`
	// OtherCodes are real RAM codes whose actions are not catalogued;
	// Suggest never rewrites them into a catalogued code.
	OtherCodes CodeList `yaml:"otherCodes" json:"otherCodes"`
}

// CodeList is a sourced list of RAM codes.
type CodeList struct {
	Codes  []string `yaml:"codes" json:"codes"`
	Source Source   `yaml:"source" json:"source"`
}

// RAMService is one service's actions, by access class. Names are written
// without the service prefix ("GetObject").
type RAMService struct {
	Name        string   `yaml:"name" json:"name"`
	Read        []string `yaml:"read" json:"read"`
	List        []string `yaml:"list" json:"list"`
	Write       []string `yaml:"write" json:"write"`
	Delete      []string `yaml:"delete" json:"delete"`
	Permissions []string `yaml:"permissions" json:"permissions"`
	// Unscopable actions accept only Resource "*" (list calls such as
	// oss:ListBuckets, sts:GetCallerIdentity).
	Unscopable []string `yaml:"unscopable" json:"unscopable"`
	// Unconfirmed entries were not read in the service's RAM page.
	Unconfirmed []string `yaml:"unconfirmed" json:"unconfirmed"`
	Source      Source   `yaml:"source" json:"source"`
}

// ActionList is a sourced list of fully qualified actions.
type ActionList struct {
	Actions []string `yaml:"actions" json:"actions"`
	Source  Source   `yaml:"source" json:"source"`
}

// AdminPolicies names the system policies RAM004 reports.
type AdminPolicies struct {
	// Error lists policies that amount to account administration.
	Error []string `yaml:"error" json:"error"`
	// Narrower maps a product FullAccess policy to the narrower alternative.
	Narrower map[string]string `yaml:"narrower" json:"narrower"`
	Source   Source            `yaml:"source" json:"source"`
}

// Access classes of an action.
const (
	AccessRead        = "read"
	AccessList        = "list"
	AccessWrite       = "write"
	AccessDelete      = "delete"
	AccessPermissions = "permissions"
)

// ActionInfo describes one known action.
type ActionInfo struct {
	// Name is the canonical "service:Action".
	Name string
	// Access is one of the Access* classes; an action listed under
	// permissions and another class reports permissions.
	Access     string
	Unscopable bool
	Confirmed  bool
}

// IsWrite reports whether the action changes or deletes data or permissions.
func (a ActionInfo) IsWrite() bool {
	return a.Access == AccessWrite || a.Access == AccessDelete || a.Access == AccessPermissions
}

// ramIndex is the lookup structure built once per RAM value.
type ramIndex struct {
	byLower    map[string]ActionInfo // "oss:getobject"
	byService  map[string][]ActionInfo
	escalation map[string]bool // lower-case
}

var ramIndexes sync.Map // *RAM -> *ramIndex

func (r *RAM) index() *ramIndex {
	if v, ok := ramIndexes.Load(r); ok {
		return v.(*ramIndex)
	}
	idx := &ramIndex{byLower: map[string]ActionInfo{}, byService: map[string][]ActionInfo{}, escalation: map[string]bool{}}
	svcs := make([]string, 0, len(r.Services))
	for s := range r.Services {
		svcs = append(svcs, s)
	}
	sort.Strings(svcs)
	for _, code := range svcs {
		s := r.Services[code]
		unscopable := setOf(s.Unscopable)
		unconfirmed := setOf(s.Unconfirmed)
		add := func(names []string, access string) {
			for _, n := range names {
				key := strings.ToLower(code + ":" + n)
				info, seen := idx.byLower[key]
				if !seen {
					info = ActionInfo{Name: code + ":" + n, Unscopable: unscopable[strings.ToLower(n)], Confirmed: !unconfirmed[strings.ToLower(n)]}
				}
				// permissions outranks write/delete, which outrank read/list.
				if rank(access) > rank(info.Access) {
					info.Access = access
				}
				idx.byLower[key] = info
			}
		}
		add(s.Read, AccessRead)
		add(s.List, AccessList)
		add(s.Write, AccessWrite)
		add(s.Delete, AccessDelete)
		add(s.Permissions, AccessPermissions)
	}
	for _, info := range idx.byLower {
		svc, _, _ := strings.Cut(strings.ToLower(info.Name), ":")
		idx.byService[svc] = append(idx.byService[svc], info)
	}
	for svc := range idx.byService {
		l := idx.byService[svc]
		sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	}
	for _, a := range r.Escalation.Actions {
		idx.escalation[strings.ToLower(a)] = true
	}
	v, _ := ramIndexes.LoadOrStore(r, idx)
	return v.(*ramIndex)
}

func rank(access string) int {
	switch access {
	case AccessRead, AccessList:
		return 1
	case AccessWrite, AccessDelete:
		return 2
	case AccessPermissions:
		return 3
	}
	return 0
}

func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[strings.ToLower(n)] = true
	}
	return m
}

// HasService reports whether the catalog lists actions for the RAM code.
func (r *RAM) HasService(code string) bool {
	_, ok := r.index().byService[strings.ToLower(code)]
	return ok
}

// ServiceCodes returns the known RAM codes, sorted.
func (r *RAM) ServiceCodes() []string {
	out := make([]string, 0, len(r.Services))
	for s := range r.Services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Action looks up a fully qualified action ("oss:PutObject"),
// case-insensitively as RAM matches action names.
func (r *RAM) Action(action string) (ActionInfo, bool) {
	info, ok := r.index().byLower[strings.ToLower(strings.TrimSpace(action))]
	return info, ok
}

// Match returns the known actions a pattern such as "oss:Put*" or "fc:*"
// covers, sorted by name. A pattern without wildcards matches itself when
// known.
func (r *RAM) Match(pattern string) []ActionInfo {
	p := strings.ToLower(strings.TrimSpace(pattern))
	svc, act, ok := strings.Cut(p, ":")
	if !ok {
		return nil
	}
	if !strings.ContainsAny(act, "*?") {
		if info, ok := r.index().byLower[p]; ok {
			return []ActionInfo{info}
		}
		return nil
	}
	var out []ActionInfo
	for _, info := range r.index().byService[svc] {
		_, name, _ := strings.Cut(strings.ToLower(info.Name), ":")
		if m, _ := path.Match(act, name); m {
			out = append(out, info)
		}
	}
	return out
}

// IsEscalation reports whether the action (no wildcards) is a
// privilege-escalation action.
func (r *RAM) IsEscalation(action string) bool {
	return r.index().escalation[strings.ToLower(strings.TrimSpace(action))]
}

// EscalationMatches returns the escalation actions a pattern covers
// ("ram:*", "ram:Attach*", "*").
func (r *RAM) EscalationMatches(pattern string) []string {
	p := strings.ToLower(strings.TrimSpace(pattern))
	var out []string
	for _, a := range r.Escalation.Actions {
		if m, _ := path.Match(p, strings.ToLower(a)); m {
			out = append(out, a)
		}
	}
	return out
}

// Suggest returns the known action closest to a misspelled one: same
// service (or a service within two edits), name within two edits or
// differing only in case. It returns "" when nothing is close enough.
func (r *RAM) Suggest(action string) string {
	svc, act, ok := strings.Cut(strings.TrimSpace(action), ":")
	if !ok || act == "" {
		return ""
	}
	idx := r.index()
	lsvc := strings.ToLower(svc)
	candidates := idx.byService[lsvc]
	if candidates == nil {
		for _, c := range r.OtherCodes.Codes {
			if strings.EqualFold(c, lsvc) {
				return ""
			}
		}
		// Misspelled service: a known code one edit away that has exactly
		// this action. Several candidates (os -> oss or ots) that both have
		// it would be a guess.
		var hits []string
		for code := range idx.byService {
			if editDistance(lsvc, code, 2) > 1 {
				continue
			}
			if act == "*" {
				hits = append(hits, code+":*")
			} else if info, ok := idx.byLower[code+":"+strings.ToLower(act)]; ok {
				hits = append(hits, info.Name)
			}
		}
		if len(hits) == 1 {
			return hits[0]
		}
		return ""
	}
	if strings.ContainsAny(act, "*?") {
		return ""
	}
	lact := strings.ToLower(act)
	limit := 2
	if len(lact) <= 6 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, info := range candidates {
		_, name, _ := strings.Cut(strings.ToLower(info.Name), ":")
		if d := editDistance(lact, name, limit+1); d < bestD {
			best, bestD = info.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or max when it is at
// least max (the computation stops early).
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d >= max || -d >= max {
		return max
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= max {
			return max
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max)
}

// AdminSeverity classifies a system policy by name: "error" for account
// administration, "warning" with the narrower alternative for another
// product FullAccess policy, "" otherwise.
func (r *RAM) AdminSeverity(policy string) (severity, narrower string) {
	for _, p := range r.AdminPolicies.Error {
		if strings.EqualFold(p, policy) {
			return "error", ""
		}
	}
	for p, alt := range r.AdminPolicies.Narrower {
		if strings.EqualFold(p, policy) {
			return "warning", alt
		}
	}
	if strings.HasPrefix(policy, "Aliyun") && strings.HasSuffix(policy, "FullAccess") {
		product := strings.TrimSuffix(strings.TrimPrefix(policy, "Aliyun"), "FullAccess")
		return "warning", "Aliyun" + product + "ReadOnlyAccess, or a custom policy naming only the actions and resources the function uses"
	}
	return "", ""
}
