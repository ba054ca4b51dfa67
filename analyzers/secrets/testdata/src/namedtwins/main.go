package main

import (
	"context"
	"database/sql"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

// G101 raises a false alarm on URL-named constants; GO002 does not.
const tokenURL = "https://oauth.aliyun.com/v1/token"

const passwordResetPath = "/account/password/reset"

const (
	SecretName        = "prod/db/password"
	PasswordMinLength = 12
	secretEnv         = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	tokenHeader       = "X-Fc-Security-Token"
)

var errToken = "invalid or expired token"

func HandleRequest(ctx context.Context) error {
	dbPassword := os.Getenv("DB_PASSWORD")
	placeholder := "your-password-here"
	_ = placeholder
	apiKey := "<api-key>"
	_ = apiKey
	token := "${TOKEN}"
	_ = token
	os.Setenv("SECRET_NAME", "prod-db-credentials")
	os.Setenv("DB_PASSWORD", dbPassword)
	os.Setenv("ACCESS_KEY_SECRET", "changeme")
	db, err := sql.Open("mysql", "root@tcp(10.0.0.5:3306)/app")
	if err != nil {
		return err
	}
	_, _ = sql.Open("mysql", "user:password@tcp(localhost:3306)/test")
	_, _ = sql.Open("mysql", "root:${DB_PASSWORD}@tcp(db:3306)/app")
	return db.Close()
}

func main() {
	fc.Start(HandleRequest)
}

// Header names held in credential-named constants, as the FC Go SDK's own
// runtime client does: the value names the credential, it is not one.
const (
	headerAccessKeyID     = "x-fc-access-key-id"
	headerAccessKeySecret = "x-fc-access-key-secret"
	headerSecurityToken   = "x-fc-security-token"
)

type header map[string]string

func (h header) Get(k string) string { return h[k] }

func credentialsFrom(h header) *openapi.Config {
	return &openapi.Config{
		AccessKeyId:     tea.String(h.Get(headerAccessKeyID)),
		AccessKeySecret: tea.String(h.Get(headerAccessKeySecret)),
		SecurityToken:   tea.String(h.Get(headerSecurityToken)),
	}
}
