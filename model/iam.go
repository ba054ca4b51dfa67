package model

// Role is a RAM role, typically a function's execution role.
type Role struct {
	// Key is the Terraform address or "<file>#role:<name>".
	Key         string          `json:"key"`
	Name        Str             `json:"name"`
	ARN         Str             `json:"arn"`
	Source      Pos             `json:"source"`
	Trust       *PolicyDocument `json:"trust"`
	Description Str             `json:"description"`
	// Attached policies are filled by Project.Link, by key.
	Attached    []string  `json:"attached,omitempty"`
	AttachedRef []*Policy `json:"-"`
}

// PolicyType says whether a policy is defined by the user or by Alibaba Cloud.
type PolicyType string

// Policy types as RAM names them.
const (
	PolicyCustom PolicyType = "Custom"
	PolicySystem PolicyType = "System"
)

// Policy is a RAM policy: a custom one with its document, or a system policy
// known by name (AliyunOSSFullAccess...).
type Policy struct {
	Key      string          `json:"key"`
	Name     Str             `json:"name"`
	Type     PolicyType      `json:"type"`
	Source   Pos             `json:"source"`
	Document *PolicyDocument `json:"document,omitempty"`
	// Inline is set for a policy written inside a role or function (for
	// example fc3 `role` with an inline statement).
	Inline bool `json:"inline,omitempty"`
}

// PolicyDocument is a parsed RAM policy (or trust policy) document.
type PolicyDocument struct {
	Version    Str         `json:"version"`
	Statements []Statement `json:"statements"`
	// Unknown holds the original text when the document could not be
	// evaluated at all (for example a data source's rendered JSON).
	Unknown string `json:"unknown,omitempty"`
	Pos     Pos    `json:"-"`
}

// Statement is one policy statement. RAM supports Action/NotAction and
// Resource/NotResource; trust policies use Principal.
type Statement struct {
	Effect       Str         `json:"effect"`
	Actions      []Str       `json:"actions,omitempty"`
	NotActions   []Str       `json:"notActions,omitempty"`
	Resources    []Str       `json:"resources,omitempty"`
	NotResources []Str       `json:"notResources,omitempty"`
	Principal    *Principal  `json:"principal,omitempty"`
	Conditions   []Condition `json:"conditions,omitempty"`
	Pos          Pos         `json:"-"`
}

// IsAllow reports whether the statement is a known Allow.
func (s Statement) IsAllow() bool {
	e, ok := s.Effect.Get()
	return ok && (e == "Allow" || e == "allow")
}

// Principal is a trust policy's principal.
type Principal struct {
	RAM       []Str `json:"ram,omitempty"`
	Service   []Str `json:"service,omitempty"`
	Federated []Str `json:"federated,omitempty"`
	// Any is set for `"Principal": "*"`.
	Any bool `json:"any,omitempty"`
	Pos Pos  `json:"-"`
}

// Condition is one condition key test: Operator(Key, Values).
type Condition struct {
	Operator string `json:"operator"`
	Key      string `json:"key"`
	Values   []Str  `json:"values"`
	Pos      Pos    `json:"-"`
}

// PolicyAttachment attaches a policy to a role, user or group.
type PolicyAttachment struct {
	Key        string `json:"key"`
	Source     Pos    `json:"source"`
	PolicyName Str    `json:"policyName"`
	PolicyType Str    `json:"policyType"`
	RoleName   Str    `json:"roleName"`
	UserName   Str    `json:"userName"`
	GroupName  Str    `json:"groupName"`
	// Policy and Role are filled by Project.Link when the targets are in the
	// project (a system policy gets a synthetic Policy of type System).
	Policy string `json:"policy,omitempty"`
	Role   string `json:"role,omitempty"`
}

// User is a RAM user declared in the configuration (alicloud_ram_user).
type User struct {
	Key    string `json:"key"`
	Name   Str    `json:"name"`
	Source Pos    `json:"source"`
}

// AccessKey is a long-term AccessKey created by the configuration
// (alicloud_ram_access_key). Whoever holds its secret acts as the user, with
// no expiry, so a policy attached to that user reaches further than one
// attached to a role.
type AccessKey struct {
	Key      string `json:"key"`
	UserName Str    `json:"userName"`
	Source   Pos    `json:"source"`
}

// SecretUse is a place where the configuration passes on the secret of an
// AccessKey it creates (alicloud_ram_access_key.k.secret): an output, an
// attribute of another resource (a function's environment included) or a
// module argument.
type SecretUse struct {
	// AccessKey is the address of the AccessKey resource
	// ("alicloud_ram_access_key.k", with a "module.x." prefix in a child
	// module).
	AccessKey string `json:"accessKey"`
	// Where names the block and attribute ("output sk",
	// "alicloud_fcv3_function.f environment").
	Where string `json:"where"`
	// Sensitive is set for an output marked `sensitive = true`.
	Sensitive bool `json:"sensitive,omitempty"`
	Pos       Pos  `json:"pos"`
}

// LiteralCredential is a credential written as a literal string in the
// configuration outside a function's environment: a database account
// password, a provider's secret_key, a credential-named variable's default.
// Value is never printed unmasked.
type LiteralCredential struct {
	// Block is the block the attribute is in ("alicloud_db_account.a",
	// "variable \"db_password\"", "provider \"alicloud\"").
	Block string `json:"block"`
	// Attr is the attribute name ("account_password", "default").
	Attr string `json:"attr"`
	// Name decides whether the value is a credential: the attribute name,
	// or the variable name for a default.
	Name  string `json:"name"`
	Value Str    `json:"-"`
}
