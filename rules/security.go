package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

func init() {
	Register(&Rule{ID: "SEC001", Name: "hardcoded-access-key", Severity: finding.Error,
		Summary: "Hard-coded AccessKey ID or secret in configuration or environment variables",
		Check:   checkSEC001})
	Register(&Rule{ID: "SEC002", Name: "anonymous-http-trigger", Severity: finding.Info,
		Summary: "HTTP trigger without authentication (anonymous)",
		Check:   checkSEC002})
	Register(&Rule{ID: "SEC003", Name: "custom-domain-no-https", Severity: finding.Warning,
		Summary: "Custom domain served over plain HTTP or with TLS older than 1.2",
		Check:   checkSEC003})
}

// secretValue matches a 30-character AccessKey secret.
var secretValue = regexp.MustCompile(`^[A-Za-z0-9]{30}$`)

// mixedClasses reports whether s has at least two of lower, upper, digit.
func mixedClasses(s string) bool {
	var lo, up, dg bool
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lo = true
		case r >= 'A' && r <= 'Z':
			up = true
		case r >= '0' && r <= '9':
			dg = true
		}
	}
	n := 0
	for _, b := range []bool{lo, up, dg} {
		if b {
			n++
		}
	}
	return n >= 2
}

// findAccessKey returns a hard-coded AccessKey ID in v, or "". The
// detector (model/secret) finds every LTAI-shaped ID that is not a
// placeholder, and masks them all in output; SEC001 reports an ID of the
// current 20-character format, or a shorter one with high entropy.
func findAccessKey(v string) string {
	for _, id := range secret.AccessKeyIDs(v) {
		body := id[4:]
		if len(body) > 30 {
			continue
		}
		if len(body) == 20 && mixedClasses(body) {
			return id
		}
		if secret.Entropy(body) >= 3.0 && mixedClasses(body) {
			return id
		}
	}
	return ""
}

// isSecret reports whether v, the value of a credential-named variable
// (secret.IsName), looks like a real AccessKey secret: 30 random-looking
// letters and digits. Other credentials (passwords, tokens) are masked in
// every output but are not what SEC001 is about.
func isSecret(name, v string) bool {
	return secret.Classify(name, v) == secret.Named && secretValue.MatchString(v) &&
		secret.Entropy(v) >= 3.5 && mixedClasses(v)
}

func checkSEC001(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, e := range f.Env {
			v, ok := e.Value.Get()
			if !ok || secret.IsPlaceholder(v) {
				continue
			}
			pos := firstValid(e.Value.Pos, e.Pos, f.Source)
			if id := findAccessKey(v); id != "" {
				out = append(out, newFinding("SEC001", finding.Error, pos, f.Key,
					fmt.Sprintf("environment variable %s of function %s holds a hard-coded AccessKey ID (%s): anyone who can read the configuration or the repository can use the key", e.Name, funcName(f), secret.Mask(id)),
					"delete the key in the RAM console and rotate it; give the function a role and read its STS credentials from the invocation context"))
				continue
			}
			if isSecret(e.Name, v) {
				out = append(out, newFinding("SEC001", finding.Error, pos, f.Key,
					fmt.Sprintf("environment variable %s of function %s holds what looks like a hard-coded secret (%s; AccessKey secrets are 30 characters like this one): anyone who can read the configuration can use it", e.Name, funcName(f), secret.Mask(v)),
					"rotate the key; use the function's role credentials, or read secrets from KMS Secrets Manager at start-up"))
			}
		}
	}
	return out
}

func checkSEC002(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, t := range anonymousHTTP(f) {
			out = append(out, newFinding("SEC002", finding.Info, firstValid(t.HTTP.AuthType.Pos, t.Type.Pos, t.Source), f.Key,
				fmt.Sprintf("HTTP trigger %s of function %s is anonymous: anyone who learns the URL can invoke it", t.Name.Text(), funcName(f)),
				"use authType: function (signature) or jwt, or check an Authorization header in the handler; suppress if the endpoint is public on purpose"))
		}
	}
	return out
}

func checkSEC003(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, d := range p.CustomDomains {
		name := d.DomainName.Text()
		if name == "" {
			name = d.Key
		}
		proto, ok := d.Protocol.Get()
		if !ok || strings.EqualFold(d.DomainName.Text(), "auto") {
			continue // `domainName: auto` is Serverless Devs' temporary test domain
		}
		up := strings.ToUpper(proto)
		if !strings.Contains(up, "HTTPS") {
			out = append(out, newFinding("SEC003", finding.Warning, firstValid(d.Protocol.Pos, d.Source), d.Key,
				fmt.Sprintf("custom domain %s is served over %s only: requests, tokens and responses travel unencrypted", name, proto),
				"set protocol: HTTP,HTTPS (or HTTPS) with a certConfig (certificate and private key) and tlsConfig minVersion TLSv1.2"))
			continue
		}
		if v, ok := d.TLSMinVersion.Get(); ok {
			norm := strings.ToUpper(strings.NewReplacer(" ", "", "_", "", ".", "").Replace(v))
			if norm == "TLSV10" || norm == "TLSV11" || norm == "TLS10" || norm == "TLS11" {
				out = append(out, newFinding("SEC003", finding.Warning, firstValid(d.TLSMinVersion.Pos, d.Source), d.Key,
					fmt.Sprintf("custom domain %s accepts %s: TLS 1.0 and 1.1 are deprecated (RFC 8996)", name, v),
					"set tlsConfig.minVersion (tls_config.min_version) to TLSv1.2"))
			}
		}
	}
	return out
}

func init() {
	Register(&Rule{ID: "SEC004", Name: "literal-credential", Severity: finding.Error,
		Summary: "Literal password or secret in a function's environment, a resource attribute, a provider block or a variable default",
		Check:   checkSEC004})
	Register(&Rule{ID: "SEC005", Name: "terraform-access-key", Severity: finding.Warning,
		Summary: "Long-term AccessKey created by Terraform (alicloud_ram_access_key); error where its secret is passed on",
		Check:   checkSEC005})
}

// literalSecret says whether v, assigned to name, is a credential written
// as a literal: a credential-named key with a value that is not a
// placeholder, a number, a reference or a URL without a password, or a
// strong shape (AccessKey ID, token, a URL with a password) under any name.
func literalSecret(name, v string) bool {
	if !strings.ContainsFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return false // SLS index `token` delimiters (", '\";=()[]{}?@&<>/:"): punctuation is no password
	}
	switch secret.Classify(name, v) {
	case secret.None:
		return false
	case secret.Named:
		// A URL or DSN under a credential name (DB_DSN) is secret only
		// for its password, which Classify reports as URLPassword.
		return !strings.Contains(v, "://") && !strings.Contains(v, "@tcp(")
	}
	return true
}

func checkSEC004(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, e := range f.Env {
			v, ok := e.Value.Get()
			if !ok || !secret.IsName(e.Name) || !literalSecret(e.Name, v) {
				continue
			}
			if findAccessKey(v) != "" || isSecret(e.Name, v) {
				continue // SEC001
			}
			fd := newFinding("SEC004", finding.Error, firstValid(e.Value.Pos, e.Pos, f.Source), f.Key,
				fmt.Sprintf("environment variable %s of function %s is a literal credential (%s): anyone who can read the configuration, the repository or the function's settings can use it", e.Name, funcName(f), secret.Mask(v)),
				"keep the value out of the configuration: read it from KMS Secrets Manager at start-up with the function's role, or pass it from the deploy pipeline's secret store (${env('DB_PASSWORD')} / var.db_password without a default)")
			fd.SecretValue = e.Value.Pos.IsValid()
			out = append(out, fd)
		}
	}
	for _, cr := range p.Credentials {
		v, ok := cr.Value.Get()
		if !ok || !literalSecret(cr.Name, v) {
			continue
		}
		what := fmt.Sprintf("%s of %s", cr.Attr, cr.Block)
		fix := "pass the value in at apply time (a variable without a default, fed from the pipeline's secret store), or use kms_encrypted_password where the resource offers it; rotate the credential, it is in the repository's history"
		if cr.Attr == "default" {
			what = "the default of " + cr.Block
			fix = "remove the default and pass the value at apply time (TF_VAR_... from the pipeline's secret store); mark the variable sensitive = true; rotate the credential, it is in the repository's history"
		}
		fd := newFinding("SEC004", finding.Error, cr.Value.Pos, cr.Block,
			fmt.Sprintf("%s is a literal credential (%s): anyone who can read the repository can use it, and it is stored in plain text in the Terraform state", what, secret.Mask(v)),
			fix)
		fd.SecretValue = true
		out = append(out, fd)
	}
	return out
}

func checkSEC005(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, k := range p.AccessKeys {
		user := userName(p, k.UserName)
		out = append(out, newFinding("SEC005", finding.Warning, firstValid(k.Source, k.UserName.Pos), k.Key,
			fmt.Sprintf("%s creates a long-term AccessKey for RAM user %s: it never expires, its secret is stored in plain text in the Terraform state, and it carries every policy attached to the user", k.Key, user),
			"give the workload a RAM role instead (a function's role, an ECS instance role, OIDC for CI) and use its STS credentials; if a key is unavoidable, set pgp_key so only encrypted_secret is stored, and rotate it"))
		for _, u := range p.SecretUses {
			if u.AccessKey != k.Key && !strings.HasPrefix(k.Key, u.AccessKey+"[") {
				continue
			}
			sev := finding.Error
			extra := ""
			if u.Sensitive {
				sev = finding.Warning
				extra = " (the output is marked sensitive, so it is not printed, but it is readable from the state and by every consumer of the output)"
			}
			out = append(out, newFinding("SEC005", sev, u.Pos, k.Key,
				fmt.Sprintf("the secret of AccessKey %s (user %s) is passed on in %s%s, so whoever reads that value holds a key that never expires", k.Key, user, u.Where, extra),
				"do not hand the secret on: give the consumer (a function, an instance) a RAM role and let it use STS credentials"))
		}
	}
	return out
}

func init() {
	Register(&Rule{ID: "SEC006", Name: "access-key-in-env", Severity: finding.Info,
		Summary: "AccessKey passed into a function through a templated environment variable instead of the function's role",
		Check:   checkSEC006})
}

// accessKeyName reports whether an environment variable's name says it
// holds an AccessKey ID or secret (ACCESS_KEY_ID, accessKeySecret, OSS_AK,
// SK, ALIBABA_CLOUD_ACCESS_KEY_SECRET), not any other credential.
func accessKeyName(name string) bool {
	if !secret.IsName(name) && !strings.Contains(strings.ToLower(name), "access_key_id") && !strings.Contains(strings.ToLower(name), "accesskeyid") {
		return false
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	flat := b.String()
	if strings.Contains(flat, "accesskey") || strings.Contains(flat, "secretkey") || strings.Contains(flat, "aksk") {
		return true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w == "ak" || w == "sk" {
			return true
		}
	}
	return false
}

func checkSEC006(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, e := range f.Env {
			if !e.Value.IsUnknown() || !accessKeyName(e.Name) {
				continue
			}
			if addr, _ := e.Value.RefAddress(); strings.HasPrefix(addr, "alicloud_ram_access_key.") || strings.Contains(addr, ".alicloud_ram_access_key.") {
				continue // SEC005: a key created in the configuration
			}
			out = append(out, newFinding("SEC006", finding.Info, firstValid(e.Value.Pos, e.Pos, f.Source), f.Key,
				fmt.Sprintf("environment variable %s of function %s passes an AccessKey in from the deploy environment (%s): the key is long-lived, readable in the function's settings by anyone with fc:GetFunction, and the same key usually deploys the project", e.Name, funcName(f), secret.MaskExpression(e.Name, e.Value.Text())),
				"give the function a role (role: acs:ram::<account>:role/<name>) with only the permissions it needs, and use the STS credentials FC puts in the invocation context (context.credentials) instead of a key"))
		}
	}
	return out
}
