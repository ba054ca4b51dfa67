package terraform

import (
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Credentials in the configuration are read from the syntax, before
// evaluation: a literal is a literal whatever count or for_each do with
// the block, and a reference to an AccessKey's secret is a leak wherever it
// is evaluated.

// accessKeyType is the resource that creates a long-term AccessKey.
const accessKeyType = "alicloud_ram_access_key"

// scanCredentials records, in body and its nested blocks, every
// credential-named attribute set to a literal string and every reference to
// the secret of an AccessKey the configuration creates.
func (m *module) scanCredentials(where string, body *hclsyntax.Body) {
	m.scanCredentialsIn("", where, body)
}

// scanCredentialsIn is scanCredentials for the body of a block of type
// blockType ("" for the top level).
func (m *module) scanCredentialsIn(blockType, where string, body *hclsyntax.Body) {
	if body == nil {
		return
	}
	for _, name := range sortedKeys(body.Attributes) {
		attr := body.Attributes[name]
		if secret.IsName(name) && !encryptedName(name) && !tokenizerSetting(blockType, name) {
			if v, ok := literalString(attr.Expr); ok {
				m.p.Credentials = append(m.p.Credentials, &model.LiteralCredential{
					Block: where, Attr: name, Name: name,
					Value: model.Known(v, m.rangePos(attr.Expr.Range())),
				})
			}
		}
		m.scanSecretRefs(attr.Expr, where+" "+name, false)
	}
	for _, nb := range body.Blocks {
		m.scanCredentialsIn(nb.Type, where, nb.Body)
	}
}

// scanVariableDefault records the literal default of a credential-named
// variable (variable "db_password" { default = "..." }).
func (m *module) scanVariableDefault(b *hclsyntax.Block) {
	name := b.Labels[0]
	def := b.Body.Attributes["default"]
	if def == nil || !secret.IsName(name) {
		return
	}
	if v, ok := literalString(def.Expr); ok {
		m.p.Credentials = append(m.p.Credentials, &model.LiteralCredential{
			Block: "variable \"" + name + "\"", Attr: "default", Name: name,
			Value: model.Known(v, m.rangePos(def.Expr.Range())),
		})
	}
}

// scanOutput records an output whose value is an AccessKey's secret.
func (m *module) scanOutput(b *hclsyntax.Block) {
	v := b.Body.Attributes["value"]
	if v == nil {
		return
	}
	sensitive := false
	if s := b.Body.Attributes["sensitive"]; s != nil {
		if val, diags := s.Expr.Value(nil); !diags.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			sensitive = val.True()
		}
	}
	m.scanSecretRefs(v.Expr, "output "+b.Labels[0], sensitive)
}

// scanSecretRefs records each reference to alicloud_ram_access_key.X.secret
// in expr. The PGP-encrypted secret (encrypted_secret) is not a leak.
func (m *module) scanSecretRefs(expr hclsyntax.Expression, where string, sensitive bool) {
	for _, t := range expr.Variables() {
		if t.RootName() != accessKeyType || len(t) < 3 {
			continue
		}
		name, ok1 := t[1].(hcl.TraverseAttr)
		attr, ok2 := t[2].(hcl.TraverseAttr)
		if _, isIdx := t[2].(hcl.TraverseIndex); isIdx && len(t) >= 4 {
			attr, ok2 = t[3].(hcl.TraverseAttr) // alicloud_ram_access_key.k[0].secret
		}
		if !ok1 || !ok2 || attr.Name != "secret" {
			continue
		}
		m.p.SecretUses = append(m.p.SecretUses, &model.SecretUse{
			AccessKey: m.prefix + accessKeyType + "." + name.Name,
			Where:     where, Sensitive: sensitive,
			Pos: m.rangePos(t.SourceRange()),
		})
	}
}

// encryptedName reports whether an attribute holds a credential encrypted
// with KMS (kms_encrypted_password): ciphertext, not the credential.
func encryptedName(name string) bool {
	for _, w := range []string{"encrypted", "kms_encryption", "encryption_context"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// tokenizerSetting reports whether attribute name of a block of type
// blockType configures a tokenizer rather than holding a credential: an SLS
// index's full_text / field_search `token` lists delimiter characters.
func tokenizerSetting(blockType, name string) bool {
	return name == "token" && (blockType == "full_text" || blockType == "field_search")
}

// literalString returns the value of an expression that is a plain string
// literal ("abc", with no interpolation).
func literalString(expr hclsyntax.Expression) (string, bool) {
	if len(expr.Variables()) > 0 {
		return "", false
	}
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		if !e.IsStringLiteral() {
			return "", false
		}
	case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateWrapExpr:
	default:
		return "", false
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
