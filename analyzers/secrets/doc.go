// Package secrets defines an Analyzer that reports hard-coded Alibaba Cloud
// (and AWS) access keys in Go code.
//
// # Analyzer secrets
//
// secrets: report hard-coded AccessKey IDs and secrets (GO002)
//
// The analyzer reports string literals that look like an Alibaba Cloud
// AccessKey ID (LTAI followed by 20 letters or digits, the pattern gitleaks
// uses), and literals that flow into a credential parameter or field of a
// known constructor or configuration: openapi.Config{AccessKeyId,
// AccessKeySecret, SecurityToken}, oss.New(endpoint, id, secret),
// NewClientWithAccessKey(region, id, secret), and any parameter whose name
// says it holds an access key or secret. Empty strings, placeholders such as
// "xxx", "<your-key>", "${AK}" and environment variable names never fire.
//
// It also reports, as model/secret classifies them: a constant or variable
// whose name says it holds a credential (const AccessKeySecret = "...",
// dbPassword := "...", the names gosec's G101 looks at) and os.Setenv of a
// credential-named variable to a literal, when the value has six characters
// or more and no whitespace; and any literal with a shaped secret (an AWS
// key ID, an STS token, a JWT, the password of a URL or of a Go DSN such as
// user:pass@tcp(host)/db). Names about a credential rather than the
// credential (tokenURL, SECRET_NAME, PasswordMinLength) never fire: that is
// G101's false alarm on URL-named constants.
// Placeholders are those of model/secret, plus any value holding "<>{}$ ",
// "todo", "replace" or "sample". Messages show the secret masked with
// model/secret's scheme (LTAI****...last4, ****...last4), never more than
// four characters of it.
package secrets
