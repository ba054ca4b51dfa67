package rules

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/fcplan/fcplan/model"
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

// accessKeyID matches an AccessKey ID: LTAI followed by 12-20 alphanumerics
// (20 is the current format; shorter IDs exist and need an entropy check).
var accessKeyID = regexp.MustCompile(`(^|[^A-Za-z0-9])(LTAI[A-Za-z0-9]{12,20})($|[^A-Za-z0-9])`)

// secretValue matches a 30-character AccessKey secret.
var secretValue = regexp.MustCompile(`^[A-Za-z0-9]{30}$`)

// secretName says whether an environment variable name suggests a key or
// secret.
func secretName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"secret", "accesskey", "access_key", "access-key", "aksk", "ak_sk", "password"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return strings.HasSuffix(n, "_sk") || n == "sk"
}

// placeholder reports whether a value is obviously not a real credential.
func placeholder(v string) bool {
	l := strings.ToLower(strings.TrimSpace(v))
	if l == "" {
		return true
	}
	for _, w := range []string{"${", "{{", "xxx", "<", "your", "example", "****", "placeholder", "changeme", "dummy", "test", "fake"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	n := float64(len(s))
	for _, c := range counts {
		if c == 0 {
			continue
		}
		p := float64(c) / n
		h -= p * math.Log2(p)
	}
	return h
}

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

// findAccessKey returns a hard-coded AccessKey ID in v, or "".
func findAccessKey(v string) string {
	for _, m := range accessKeyID.FindAllStringSubmatch(v, -1) {
		id := m[2]
		if placeholder(id) {
			continue
		}
		body := id[4:]
		if len(body) == 20 && mixedClasses(body) {
			return id
		}
		if entropy(body) >= 3.0 && mixedClasses(body) {
			return id
		}
	}
	return ""
}

// isSecret reports whether v, the value of a key/secret-named variable,
// looks like a real AccessKey secret.
func isSecret(name, v string) bool {
	return secretName(name) && secretValue.MatchString(v) && !placeholder(v) && entropy(v) >= 3.5 && mixedClasses(v)
}

func checkSEC001(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, e := range f.Env {
			v, ok := e.Value.Get()
			if !ok || placeholder(v) {
				continue
			}
			pos := firstValid(e.Value.Pos, e.Pos, f.Source)
			if id := findAccessKey(v); id != "" {
				out = append(out, newFinding("SEC001", finding.Error, pos, f.Key,
					fmt.Sprintf("environment variable %s of function %s holds a hard-coded AccessKey ID (%s): anyone who can read the configuration or the repository can use the key", e.Name, funcName(f), finding.Mask(id)),
					"delete the key in the RAM console and rotate it; give the function a role and read its STS credentials from the invocation context"))
				continue
			}
			if isSecret(e.Name, v) {
				out = append(out, newFinding("SEC001", finding.Error, pos, f.Key,
					fmt.Sprintf("environment variable %s of function %s holds what looks like a hard-coded secret (%s; AccessKey secrets are 30 characters like this one): anyone who can read the configuration can use it", e.Name, funcName(f), finding.Mask(v)),
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
