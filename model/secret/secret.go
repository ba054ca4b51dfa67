// Package secret decides what is a secret in text fcplan reads from a
// project (configuration values, source lines, messages) and masks it, so
// that no command prints a credential in any format.
//
// There is one detector and one masker; every output path uses them:
//
//   - A value is secret when the key it is assigned to names a credential
//     (see IsName) and the value is not a placeholder, a number, a boolean, a
//     reference to another variable or a cloud resource name (see
//     IsPlaceholder and Classify).
//   - A value is secret whatever its key when it has a strong shape: an
//     Alibaba Cloud AccessKey ID (LTAI + 12-30 letters or digits), an AWS
//     access key ID (AKIA/ASIA + 16), an STS security token (STS. + 20 or
//     more characters) or a JSON Web Token. Weaker shapes (long random-looking
//     strings) are not masked on their own: lockfile hashes, UUIDs, image
//     digests and build IDs look the same.
//   - The password of a URL or DSN (mysql://user:pass@host,
//     user:pass@tcp(host)/db, redis://:pass@host) is secret; only the
//     password is masked, so the reader still sees which database is meant.
//
// Masking keeps at most four characters of secret material (Mask): the
// public prefix of a shaped key and the last four characters of a secret of
// 16 characters or more (LTAI****...Wx9z, ****...Wx9z), nothing of a shorter
// one (****).
//
// Placeholders are printed as they are: empty values, ${VAR}, {{ .X }},
// <your-key>, $VAR, %VAR%, xxx, ***, your-password, example values, and the
// well-known defaults changeme and password. A default that the whole world
// knows protects nothing, so showing it reveals nothing; SEC001's
// documentation is where such a value is called out.
package secret

import (
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says why a value is secret.
type Kind int

// The kinds of secret Classify reports.
const (
	// None: not a secret.
	None Kind = iota
	// AccessKeyID is an Alibaba Cloud AccessKey ID (LTAI...).
	AccessKeyID
	// AWSKeyID is an AWS access key ID (AKIA... or ASIA...).
	AWSKeyID
	// STSToken is an Alibaba Cloud STS security token (STS....).
	STSToken
	// JWT is a JSON Web Token.
	JWT
	// URLPassword is a value holding a URL or DSN with a password.
	URLPassword
	// Named is a value assigned to a key whose name says it is a credential.
	Named
)

var kindNames = [...]string{"none", "AccessKey ID", "AWS access key ID", "STS token", "JSON Web Token", "password in a URL", "credential"}

// String names the kind for messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "secret"
}

// Strong shapes, not inside a longer word.
var (
	// accessKeyIDRe is LTAI + 12 or more letters or digits starting a word
	// (after "_" too: OSS_LTAI...); group 1 is the ID. A longer run than
	// the 30 an ID has is masked as well: it starts like a key.
	accessKeyIDRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9])(LTAI[A-Za-z0-9]{12,})`)
	awsKeyIDRe    = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)
	stsTokenRe    = regexp.MustCompile(`\bSTS\.[A-Za-z0-9+/=_\-.]{20,}`)
	jwtRe         = regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`)
	// urlPasswordRe is scheme://user:password@; group 1 is the password.
	urlPasswordRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@"'\x60<>]*:([^\s@/"'\x60<>]+)@`)
	// goDSNPasswordRe is the Go MySQL driver's user:password@tcp(host)/db
	// (also unix(...), @(...) and @/db); group 1 is the password.
	goDSNPasswordRe = regexp.MustCompile(`(?:^|[\s"'\x60=])[A-Za-z0-9_.\-]*:([^\s@"'\x60:/]+)@(?:[a-z0-9]+\(|/)`)
	// bearerRe is an HTTP Authorization value; group 1 is the credential.
	bearerRe = regexp.MustCompile(`(?i)\b(?:bearer|basic)\s+([A-Za-z0-9+/=._\-~]{8,})`)
)

// IsName reports whether a key, variable, field or parameter name says that
// its value is a credential: password, passwd, pwd, pass, passphrase, secret,
// token, credential(s), creds, dsn, sk, ak, aksk, accessKey, apiKey,
// privateKey, secretKey, connection string, as a whole word or a camelCase,
// snake_case, kebab-case or dotted part (dbPassword, DB_PASSWORD,
// accessKeySecret, oss.sk), or as the end of a lower-case word (dbpassword,
// clientsecret, accesstoken). A last part that names something about the
// credential rather than the credential itself (DB_PASSWORD_FILE,
// TOKEN_URL, SECRET_NAME, PASSWORD_MIN_LENGTH) makes the name not secret, as
// do tokenizer_model, skip and task (no word matches) and PWD (the shell's
// working directory).
func IsName(name string) bool {
	words := splitName(name)
	if len(words) == 0 {
		return false
	}
	if len(words) == 1 && words[0] == "pwd" {
		return false
	}
	if qualifierWords[words[len(words)-1]] {
		return false
	}
	for i, w := range words {
		if w == "pass" && i < len(words)-1 {
			continue // claimPassBy, PASS_THROUGH; DB_PASS is a password
		}
		if secretWords[w] {
			return true
		}
		if i+1 < len(words) && secretPairs[w+" "+words[i+1]] {
			return true
		}
		for _, s := range secretSuffixes {
			if len(w) > len(s) && strings.HasSuffix(w, s) {
				return true
			}
		}
	}
	return false
}

// secretWords are name parts that alone make a name secret.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "pass": true, "passphrase": true,
	"secret": true, "secrets": true, "token": true, "credential": true, "credentials": true,
	"creds": true, "cred": true, "dsn": true, "sk": true, "ak": true, "aksk": true,
	"accesskey": true, "apikey": true, "privatekey": true, "secretkey": true,
	"accesssecret": true, "clientsecret": true, "authorization": true,
}

// secretPairs are adjacent name parts that together make a name secret.
var secretPairs = map[string]bool{
	"access key": true, "api key": true, "private key": true, "signing key": true,
	"encryption key": true, "master key": true, "account key": true,
	"connection string": true, "conn string": true, "conn str": true, "app key": true,
}

// secretSuffixes end lower-case compound words that are secret.
var secretSuffixes = []string{"password", "passwd", "secret", "token", "accesskey", "apikey", "privatekey", "secretkey"}

// qualifierWords, as the last part of a name, say the value is about a
// credential (where it is, how long it lives) rather than the credential.
var qualifierWords = map[string]bool{
	"url": true, "uri": true, "endpoint": true, "host": true, "hostname": true, "port": true,
	"ttl": true, "expire": true, "expires": true, "expiry": true, "expiration": true, "timeout": true,
	"length": true, "len": true, "size": true, "type": true, "name": true, "names": true,
	"file": true, "path": true, "dir": true, "env": true, "var": true, "header": true,
	"field": true, "param": true, "enabled": true, "enable": true, "disabled": true,
	"required": true, "policy": true, "rotation": true, "version": true, "mode": true,
	"format": true, "arn": true, "region": true, "count": true, "max": true, "min": true,
	"limit": true, "prefix": true, "suffix": true, "kind": true, "algorithm": true,
	"algo": true, "provider": true, "ref": true, "store": true, "manager": true,
	"user": true, "username": true, "seconds": true, "minutes": true, "hours": true,
	"days": true, "interval": true, "method": true, "scope": true, "scopes": true,
	"issuer": true, "audience": true, "encoding": true, "cache": true, "headers": true,
	"lookup": true, "by": true, "from": true, "location": true,
}

// splitName splits a name into lower-case words at every non-alphanumeric
// character, at camelCase boundaries (APIKey -> api, key) and between
// letters and digits (PASSWORD2 -> password, 2).
func splitName(name string) []string {
	var words []string
	rs := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			flush(i)
			start = i
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// envNameRe is a reference to another variable by name (DB_PASSWORD).
var envNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// placeholderWords anywhere in a value mark it as a placeholder.
var placeholderWords = []string{
	"xxx", "****", "example", "placeholder", "changeme", "change_me", "change-me",
	"redacted", "replace_me", "replaceme", "replace-me", "dummy",
}

// placeholderValues are whole values that are placeholders or well-known
// defaults.
var placeholderValues = map[string]bool{
	"none": true, "null": true, "nil": true, "todo": true, "tbd": true, "n/a": true,
	"test": true, "secret": true, "password": true, "token": true, "changeme": true,
	"undefined": true, "empty": true, "unset": true, "-": true,
}

// IsPlaceholder reports whether v is obviously not a real credential: empty,
// a template or variable reference (${X}, {{ .X }}, $X, %X%, $(cmd)), an
// angle-bracketed hint (<your-key>), a run of one character (***, xxx,
// 0000), a value starting with "your" (your-password, YOUR_AK), one holding
// xxx, ****, example, placeholder, changeme, dummy or redacted, a bare
// default (none, null, test, password, secret, changeme), or the name of
// another variable (ALIBABA_CLOUD_ACCESS_KEY_SECRET).
func IsPlaceholder(v string) bool {
	t := strings.TrimSpace(v)
	if t == "" {
		return true
	}
	l := strings.ToLower(t)
	if strings.Contains(l, "${") || strings.Contains(l, "{{") || strings.Contains(l, "$(") {
		return true
	}
	if strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">") {
		return true
	}
	if len(l) > 1 && l[0] == '$' && isIdent(l[1:]) {
		return true
	}
	if len(l) > 2 && l[0] == '%' && l[len(l)-1] == '%' && isIdent(l[1:len(l)-1]) {
		return true
	}
	if strings.HasPrefix(l, "your") {
		return true
	}
	if placeholderValues[l] {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	if envNameRe.MatchString(t) {
		return true
	}
	// One character repeated, separators aside ("aaaa", "0000-0000", "***").
	var first rune
	same := true
	for _, r := range l {
		if strings.ContainsRune("-_.:/ ", r) {
			continue
		}
		if first == 0 {
			first = r
		} else if r != first {
			same = false
			break
		}
	}
	return same
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// notCredential reports whether a value assigned to a credential-named key
// still cannot be a credential: a placeholder, a number, a boolean, or the
// name of a cloud resource (acs:..., arn:..., kms://...) or a file path
// (./certs/app.key, /run/secrets/db).
func notCredential(v string) bool {
	if IsPlaceholder(v) {
		return true
	}
	t := strings.ToLower(strings.TrimSpace(v))
	switch t {
	case "true", "false", "yes", "no", "on", "off", "enabled", "disabled":
		return true
	}
	if isNumber(t) {
		return true
	}
	for _, p := range []string{"acs:", "arn:", "kms://", "secretsmanager:", "oos:", "./", "../", "~/"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return filePathRe.MatchString(strings.TrimSpace(v))
}

// filePathRe is an absolute path of lower-case segments (/run/secrets/db,
// /etc/ssl/private/app.key): where a credential is, not the credential.
var filePathRe = regexp.MustCompile(`^(/[a-z0-9._\-]+)+/?$`)

// isLocator reports whether v is a URL or a DSN (whether or not it holds a
// password): under a connection name (dsn, connection string) only its
// password is secret.
func isLocator(v string) bool {
	return strings.Contains(v, "://") || goDSNRe.MatchString(v)
}

// goDSNRe is the shape of a Go MySQL driver DSN: user[:password]@proto(...)
// or user[:password]@/db.
var goDSNRe = regexp.MustCompile(`^[A-Za-z0-9_.\-]*(:[^@]*)?@(?:[a-z0-9]+\(|/)`)

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		case (r == '-' || r == '+') && i == 0 && len(s) > 1:
		default:
			return false
		}
	}
	return true
}

// Classify says whether value, assigned to the key name (which may be ""),
// is a secret, and why. A strong shape wins over the name; a URL or DSN with
// a password is URLPassword (only the password is secret).
func Classify(name, value string) Kind {
	v := strings.TrimSpace(value)
	switch {
	case hasAccessKeyID(v):
		return AccessKeyID
	case awsKeyIDRe.MatchString(v) && !IsPlaceholder(v):
		return AWSKeyID
	case hasSTSToken(v):
		return STSToken
	case jwtRe.MatchString(v):
		return JWT
	case len(urlPasswords(v)) > 0:
		return URLPassword
	}
	if IsName(name) && !notCredential(v) {
		return Named
	}
	return None
}

func hasAccessKeyID(s string) bool { return len(AccessKeyIDs(s)) > 0 }

// AccessKeyIDs returns the AccessKey IDs in s (LTAI + 12 or more letters or
// digits starting a word), placeholders (LTAIxxxxxxxx) left out.
func AccessKeyIDs(s string) []string {
	if !strings.Contains(s, "LTAI") {
		return nil
	}
	var ids []string
	for _, m := range accessKeyIDRe.FindAllStringSubmatch(s, -1) {
		if !IsPlaceholder(m[1][4:]) {
			ids = append(ids, m[1])
		}
	}
	return ids
}

func hasSTSToken(s string) bool {
	for _, m := range stsTokenRe.FindAllString(s, -1) {
		if !IsPlaceholder(m[4:]) {
			return true
		}
	}
	return false
}

// span is a byte range [start, end) of a string to mask.
type span struct{ start, end int }

// urlPasswords returns the spans of the non-placeholder passwords of the
// URLs and DSNs in s.
func urlPasswords(s string) []span {
	if !strings.Contains(s, "@") || !strings.Contains(s, ":") {
		return nil
	}
	var out []span
	for _, re := range []*regexp.Regexp{urlPasswordRe, goDSNPasswordRe} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if m[2] >= 0 && !IsPlaceholder(s[m[2]:m[3]]) {
				out = append(out, span{m[2], m[3]})
			}
		}
	}
	return out
}

// knownPrefixes are public prefixes of shaped keys that Mask keeps.
var knownPrefixes = []string{"LTAI", "STS.", "AKIA", "ASIA"}

// Mask hides a secret value for display, keeping at most four characters of
// it: a shaped key keeps its public prefix (LTAI, STS., AKIA, ASIA); a
// secret of 16 characters or more (prefix aside) shows its last four
// ("LTAI****...Wx9z", "****...Wx9z"); a shorter one shows nothing
// ("LTAI****", "****").
func Mask(secret string) string {
	s := strings.TrimSpace(secret)
	prefix := ""
	for _, p := range knownPrefixes {
		if strings.HasPrefix(s, p) && len(s) > len(p) {
			prefix, s = p, s[len(p):]
			break
		}
	}
	n := utf8.RuneCountInString(s)
	if n < 16 {
		return prefix + "****"
	}
	rs := []rune(s)
	return prefix + "****..." + string(rs[n-4:])
}

// IsMasked reports whether s already is the output of Mask.
func IsMasked(s string) bool { return strings.Contains(s, "****") }

// MaskValue returns value, assigned to the key name (which may be ""), with
// every secret in it masked: the whole value when the name says it is a
// credential, only the password of a URL or DSN, and shaped keys and
// credential assignments anywhere inside it (see MaskText). Placeholders
// come back unchanged.
func MaskValue(name, value string) string {
	if m := MaskText(value); m != value {
		return m
	}
	if !IsName(name) || notCredential(value) || strings.EqualFold(value, name) {
		return value
	}
	if isLocator(value) && connectionName(name) {
		// A DSN or URL without a password: nothing secret in it.
		return value
	}
	return Mask(value)
}

// stringLiteralRe is a double-quoted string literal in an expression.
var stringLiteralRe = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// MaskExpression masks the text of an expression (a Terraform expression,
// a template) assigned to the key name: the expression itself
// (var.db_password, ${env('DB_PASSWORD')}) is not a secret, but a string
// literal in it under a credential name is (join("", ["hunter", "2"])), as
// is every shaped key or password MaskText finds.
func MaskExpression(name, expr string) string {
	expr = MaskText(expr)
	if !IsName(name) || !strings.Contains(expr, `"`) {
		return expr
	}
	return stringLiteralRe.ReplaceAllStringFunc(expr, func(lit string) string {
		v := lit[1 : len(lit)-1]
		if notCredential(v) || IsMasked(v) || strings.Contains(v, "${") {
			return lit
		}
		return `"` + Mask(v) + `"`
	})
}

// connectionName reports whether the credential word of a name is only a
// connection (dsn, connection string): its value is a locator whose secret
// part, if any, is the password.
func connectionName(name string) bool {
	words := splitName(name)
	for i, w := range words {
		if w == "dsn" || (i+1 < len(words) && (w == "connection" || w == "conn")) {
			continue
		}
		if secretWords[w] {
			return false
		}
		if i+1 < len(words) && secretPairs[w+" "+words[i+1]] && w != "connection" && w != "conn" {
			return false
		}
	}
	return true
}

// assignRe finds the head of a name <op> value assignment in a line of
// YAML, HCL, JSON, Go, a .env file, a query string or a message: group 1 is
// the name, group 2 the operator. assignedSecret reads the value after it by
// hand, in time linear in its length.
var assignRe = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.\-]*)["'\x60]?[ \t]*(:=|=>|==|=|:|,)[ \t]*`)

// wrapperRe is a conversion around a quoted value (tea.String("..."), &x,
// []byte("...")); an argument of any other call is not the assigned value
// (token := r.Header.Get("Authorization")).
var wrapperRe = regexp.MustCompile(`^&?(?:(?:(?:[A-Za-z_][A-Za-z0-9_]{0,63}\.)?(?:String|StringPtr|Ptr|string)|\[\]byte)\([ \t]*)?`)

// Mode says how MaskLine reads unquoted values.
type Mode int

const (
	// Text is free text, YAML, HCL, JSON, a .env file: name: value and
	// name=value both count, quoted or not.
	Text Mode = iota
	// Code is a programming language (Go, HCL, JSON): only quoted string
	// values count, since an unquoted value is an expression
	// (token := r.Header.Get(...), sk = var.sk).
	Code
)

// MaskText masks every secret in a line or a message read as Text.
func MaskText(s string) string { return MaskLine(s, Text) }

// ModeFor returns the mode to read a line of the file at path in: Code for
// Go, Terraform (HCL) and JSON, where every string is quoted and an
// unquoted value is an expression (sk = var.sk), Text for everything else.
func ModeFor(path string) Mode {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".go", ".tf", ".hcl", ".tfvars", ".json":
		return Code
	}
	return Text
}

// MaskLine masks every secret in s: shaped keys (AccessKey IDs, AWS key IDs,
// STS tokens, JWTs), URL and DSN passwords, bearer credentials, and the
// values of assignments to credential names (SK: ..., sk = "...",
// "sk": "...", DB_PASSWORD=..., Password: tea.String("...")). A secret value
// that runs on past the end of s (a line cut in the middle) is still masked
// from where it starts.
func MaskLine(s string, mode Mode) string {
	spans := lineSpans(s, mode)
	if len(spans) == 0 {
		return s
	}
	return applySpans(s, spans)
}

// MaskLineAt masks s like MaskLine and maps col, a 1-based column of s
// counted in runes, to the column of the same place in the masked line, so
// a caret under a finding still points at it. A column inside a masked
// secret maps to the start of its mask; a column < 1 is returned as is.
func MaskLineAt(s string, mode Mode, col int) (string, int) {
	spans := lineSpans(s, mode)
	if len(spans) == 0 {
		return s, col
	}
	masked := applySpans(s, spans)
	if col < 1 {
		return masked, col
	}
	// Byte offset of the column in s (past the end: keep the excess).
	off, extra := len(s), 0
	n := 0
	for i := range s {
		if n == col-1 {
			off = i
			break
		}
		n++
	}
	if off == len(s) {
		extra = col - 1 - utf8.RuneCountInString(s)
	}
	delta := 0
	for _, sp := range mergeSpans(spans) {
		if off < sp.start {
			break
		}
		if off < sp.end {
			delta -= off - sp.start // inside: to the start of the mask
			break
		}
		delta += len(Mask(s[sp.start:sp.end])) - (sp.end - sp.start)
	}
	return masked, utf8.RuneCountInString(masked[:off+delta]) + 1 + max(extra, 0)
}

// lineSpans returns the spans of s that MaskLine masks, in no order and
// possibly overlapping.
func lineSpans(s string, mode Mode) []span {
	if len(s) < 4 {
		return nil
	}
	var spans []span
	add := func(start, end int) {
		if start < end {
			spans = append(spans, span{start, end})
		}
	}
	if strings.Contains(s, "LTAI") {
		for _, m := range accessKeyIDRe.FindAllStringSubmatchIndex(s, -1) {
			if !IsPlaceholder(s[m[2]+4 : m[3]]) {
				add(m[2], m[3])
			}
		}
	}
	if strings.Contains(s, "AKIA") || strings.Contains(s, "ASIA") {
		for _, m := range awsKeyIDRe.FindAllStringIndex(s, -1) {
			add(m[0], m[1])
		}
	}
	if strings.Contains(s, "STS.") {
		for _, m := range stsTokenRe.FindAllStringIndex(s, -1) {
			if !IsPlaceholder(s[m[0]+4 : m[1]]) {
				add(m[0], m[1])
			}
		}
	}
	if strings.Contains(s, "eyJ") {
		for _, m := range jwtRe.FindAllStringIndex(s, -1) {
			add(m[0], m[1])
		}
	}
	for _, sp := range urlPasswords(s) {
		add(sp.start, sp.end)
	}
	for _, m := range bearerRe.FindAllStringSubmatchIndex(s, -1) {
		// A credential has digits; "bearer credentials" is prose.
		if v := s[m[2]:m[3]]; strings.ContainsAny(v, "0123456789") && !IsPlaceholder(v) {
			add(m[2], m[3])
		}
	}
	// Heads are searched one at a time: when a name is not a credential
	// the search goes on right after its operator, since its value may hold
	// an assignment of its own (https://host/?access_token=...,
	// host=db password=...); after a credential's value it goes on past the
	// value, so every byte is read a bounded number of times.
	for pos := 0; pos < len(s); {
		m := assignRe.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			break
		}
		for i := range m {
			m[i] += pos
		}
		// A name right after a path separator is a file or directory
		// ("/etc/passwd: outside the project", ".../credentials: unknown
		// key"), not a key.
		inPath := m[2] > 0 && (s[m[2]-1] == '/' || s[m[2]-1] == '\\')
		if inPath || !IsName(s[m[2]:m[3]]) || (s[m[4]:m[5]] == "," && !quotedName(s, m[2], m[3])) {
			pos = m[5]
			continue
		}
		vs, ve, next, ok := assignedSecret(s, m[1], s[m[4]:m[5]], s[m[2]:m[3]], mode)
		if ok {
			add(vs, ve)
		}
		pos = max(next, m[1])
	}
	return spans
}

// quotedName reports whether the name at s[start:end] is a quoted plain
// identifier that is the first argument of a call: then with "," between
// them, the name and a quoted value are an assignment
// (os.Setenv("DB_PASSWORD", "...")); a list of words or a dotted name
// ("var.db_password", "fc.tf") is not.
func quotedName(s string, start, end int) bool {
	if start < 2 || end >= len(s) || strings.Contains(s[start:end], ".") {
		return false
	}
	q := s[start-1]
	if q != '"' && q != '\'' && q != '\x60' || s[end] != q {
		return false
	}
	// The first argument of a call: Setenv("DB_PASSWORD", ...), not an
	// element of a list ({"password", "passwd"}).
	before := strings.TrimRight(s[:start-1], " \t")
	return strings.HasSuffix(before, "(")
}

// assignedSecret reads the value that starts at vs in s, assigned with op
// to the credential name, and returns its span if it is a secret (not a
// placeholder) and where to go on searching. A quoted value without its
// closing quote (a line cut in the middle) runs to the end of s.
func assignedSecret(s string, at int, op, name string, mode Mode) (vs, ve, next int, ok bool) {
	vs = at
	if w := wrapperRe.FindStringIndex(s[at:]); w != nil {
		vs = at + w[1]
	}
	quoted := vs < len(s) && strings.IndexByte("\"'\x60", s[vs]) >= 0
	if quoted {
		q := s[vs]
		vs++
		ve = len(s)
		for i := vs; i < len(s); i++ {
			if s[i] == '\\' && q == '"' {
				i++
				continue
			}
			if s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++ // YAML's '' inside a single-quoted string
				continue
			}
			if s[i] == q {
				ve = i
				break
			}
		}
		next = min(ve+1, len(s))
		if op == "," && mode == Text {
			return 0, 0, next, false // "a", "b" in a message or a list is not an assignment
		}
	} else {
		vs = at
		if mode == Code || op == "," || op == "==" {
			return 0, 0, at, false
		}
		// After ":" (YAML, a message) an unquoted value runs to the end of
		// the line or a comment, so a password holding ", & ; #" is masked
		// whole; after "=" it is one word (key=value pairs, query strings).
		ve = vs
		for ve < len(s) {
			c := s[ve]
			if c == '\n' || (c == '#' && ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t')) {
				break
			}
			if op != ":" && strings.IndexByte(",;&#'\"\x60)}] \t", c) >= 0 {
				break
			}
			ve++
		}
		for ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t') {
			ve--
		}
		next = ve
	}
	v := s[vs:ve]
	if v == "" || notCredential(v) || IsMasked(v) || len(urlPasswords(v)) > 0 || strings.EqualFold(v, name) {
		return 0, 0, next, false
	}
	if isLocator(v) && connectionName(name) {
		return 0, 0, next, false
	}
	return vs, ve, next, true
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(spans []span) []span {
	sorted := append([]span(nil), spans...)
	// Insertion sort: there are few spans per line.
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].start < sorted[j-1].start; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	out := sorted[:0]
	for _, sp := range sorted {
		if n := len(out); n > 0 && sp.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// applySpans replaces each span (merged where they overlap) by its mask.
func applySpans(s string, spans []span) string {
	var b strings.Builder
	pos := 0
	for _, sp := range mergeSpans(spans) {
		b.WriteString(s[pos:sp.start])
		b.WriteString(Mask(s[sp.start:sp.end]))
		pos = sp.end
	}
	b.WriteString(s[pos:])
	return b.String()
}

// Entropy is the Shannon entropy of s in bits per byte.
func Entropy(s string) float64 {
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

// goStringRe is a Go interpreted string literal quoted in a compiler or
// type-checker message.
var goStringRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// MaskGoMessage masks a Go load or type-checker message, which quotes
// source text: `cannot use accessKeySecret (untyped string constant
// "...") as int value`, `cannot use "..." (untyped string constant) as int
// value in variable declaration` (the variable's name is not in the
// message). Besides what MaskText finds, every quoted string literal is
// masked as a credential would be (MaskValue), except import paths
// (`"os" imported and not used`, `import "x"`), placeholders, numbers and
// file paths.
func MaskGoMessage(msg string) string {
	msg = MaskText(msg)
	locs := goStringRe.FindAllStringIndex(msg, -1)
	if locs == nil {
		return msg
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		lit := msg[l[0]:l[1]]
		before, after := msg[:l[0]], msg[l[1]:]
		if strings.HasPrefix(after, " imported") || strings.HasSuffix(before, "import ") || IsMasked(lit) {
			continue
		}
		v, err := strconv.Unquote(lit)
		if err != nil {
			v = lit[1 : len(lit)-1]
		}
		m := MaskValue("secret", v)
		if m == v {
			continue
		}
		b.WriteString(msg[last:l[0]])
		b.WriteString(strconv.Quote(m))
		last = l[1]
	}
	b.WriteString(msg[last:])
	return b.String()
}
