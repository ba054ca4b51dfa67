package model

import "sort"

// Severity of a loader diagnostic.
const (
	DiagError   = "error"
	DiagWarning = "warning"
	DiagInfo    = "info"
)

// Diagnostic is a message from loading: an error (the file or part of it
// could not be loaded), a warning (an unknown prop, with a did-you-mean) or an
// info note (a file skipped because it is not a project file).
type Diagnostic struct {
	Severity string `json:"severity"`
	Pos      Pos    `json:"pos"`
	Message  string `json:"message"`
}

// String formats the diagnostic as "file:line:col: severity: message".
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Severity + ": " + d.Message
}

// CustomDomain is a custom domain routing to functions.
type CustomDomain struct {
	Key        string `json:"key"`
	DomainName Str    `json:"domainName"`
	Protocol   Str    `json:"protocol"` // HTTP, HTTPS, HTTP,HTTPS
	// HasCertificate is true when a certificate is configured.
	HasCertificate Bool  `json:"hasCertificate"`
	TLSMinVersion  Str   `json:"tlsMinVersion"`
	Functions      []Str `json:"functions"`
	Source         Pos   `json:"source"`
}

// Project is everything loaded from a set of files.
type Project struct {
	// Files are the files loaded (not the ones skipped), as given.
	Files       []string            `json:"files"`
	Functions   []*Function         `json:"functions"`
	Roles       []*Role             `json:"roles"`
	Policies    []*Policy           `json:"policies"`
	Attachments []*PolicyAttachment `json:"attachments"`
	// Users, AccessKeys, SecretUses and Credentials are read from
	// Terraform only (s.yaml declares no RAM users).
	Users         []*User              `json:"users,omitempty"`
	AccessKeys    []*AccessKey         `json:"accessKeys,omitempty"`
	SecretUses    []*SecretUse         `json:"secretUses,omitempty"`
	Credentials   []*LiteralCredential `json:"-"`
	Network       Network              `json:"network"`
	CustomDomains []*CustomDomain      `json:"customDomains"`
	Diagnostics   []Diagnostic         `json:"diagnostics"`

	// Sensitive are values the loaders know to be secret (a Terraform
	// variable declared sensitive, a value a plan marks sensitive, a
	// -var/-var-file value under a credential name), so that the CLI masks
	// them wherever they show up in its output. Never serialized.
	Sensitive []string `json:"-"`

	// units maps a file to the load unit it came from (a Terraform module
	// directory, a plan file, an s.yaml file). References by Terraform
	// address only resolve within one unit: two environments' directories
	// may both declare alicloud_vpc.main.
	units map[string]string

	// nats indexes NAT gateways while linking (see natIndex).
	nats         *natIndex
	natsBuiltFor int
}

// SetUnit records that every file of p so far belongs to one load unit.
func (p *Project) SetUnit(unit string) {
	if p.units == nil {
		p.units = map[string]string{}
	}
	for _, f := range p.Files {
		p.units[f] = unit
	}
}

// sameUnit reports whether positions a and b may refer to each other by
// address: true when they come from the same unit or either unit is unknown.
func (p *Project) sameUnit(a, b Pos) bool {
	ua, oka := p.units[a.File]
	ub, okb := p.units[b.File]
	return !oka || !okb || ua == ub
}

// Merge appends other's objects to p.
func (p *Project) Merge(other *Project) {
	if other == nil {
		return
	}
	p.Files = append(p.Files, other.Files...)
	for f, u := range other.units {
		if p.units == nil {
			p.units = map[string]string{}
		}
		p.units[f] = u
	}
	p.Functions = append(p.Functions, other.Functions...)
	p.Roles = append(p.Roles, other.Roles...)
	p.Policies = append(p.Policies, other.Policies...)
	p.Attachments = append(p.Attachments, other.Attachments...)
	p.Users = append(p.Users, other.Users...)
	p.AccessKeys = append(p.AccessKeys, other.AccessKeys...)
	p.SecretUses = append(p.SecretUses, other.SecretUses...)
	p.Credentials = append(p.Credentials, other.Credentials...)
	p.CustomDomains = append(p.CustomDomains, other.CustomDomains...)
	p.Diagnostics = append(p.Diagnostics, other.Diagnostics...)
	p.Sensitive = append(p.Sensitive, other.Sensitive...)
	n, o := &p.Network, &other.Network
	n.VPCs = append(n.VPCs, o.VPCs...)
	n.VSwitches = append(n.VSwitches, o.VSwitches...)
	n.NATGateways = append(n.NATGateways, o.NATGateways...)
	n.SNATEntries = append(n.SNATEntries, o.SNATEntries...)
	n.EIPs = append(n.EIPs, o.EIPs...)
	n.EIPAssociations = append(n.EIPAssociations, o.EIPAssociations...)
	n.RouteEntries = append(n.RouteEntries, o.RouteEntries...)
	n.SecurityGroups = append(n.SecurityGroups, o.SecurityGroups...)
	n.SecurityGroupRules = append(n.SecurityGroupRules, o.SecurityGroupRules...)
	n.VPCBindings = append(n.VPCBindings, o.VPCBindings...)
}

// Errorf records an error diagnostic at pos.
func (p *Project) Errorf(pos Pos, format string, args ...any) {
	p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: DiagError, Pos: pos, Message: sprintf(format, args...)})
}

// Warnf records a warning diagnostic at pos.
func (p *Project) Warnf(pos Pos, format string, args ...any) {
	p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: DiagWarning, Pos: pos, Message: sprintf(format, args...)})
}

// Infof records an info diagnostic at pos.
func (p *Project) Infof(pos Pos, format string, args ...any) {
	p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: DiagInfo, Pos: pos, Message: sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (p *Project) HasErrors() bool {
	for _, d := range p.Diagnostics {
		if d.Severity == DiagError {
			return true
		}
	}
	return false
}

// SortDiagnostics orders diagnostics by file, line and column, keeping the
// order of equal positions, so output is deterministic.
func (p *Project) SortDiagnostics() {
	sort.SliceStable(p.Diagnostics, func(i, j int) bool {
		a, b := p.Diagnostics[i].Pos, p.Diagnostics[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Function returns the function with the given key or name, or nil.
func (p *Project) Function(keyOrName string) *Function {
	for _, f := range p.Functions {
		if f.Key == keyOrName {
			return f
		}
	}
	for _, f := range p.Functions {
		if n, ok := f.Name.Get(); ok && n == keyOrName {
			return f
		}
	}
	return nil
}
