package main

import (
	"context"
	"database/sql"
	"os"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

// gosec G101 catches these two by name.
const AccessKeySecret = "k8sJd92kLmNq0pRsTuVwXyZ12345ab" // want `GO002: const AccessKeySecret holds a hard-coded credential \*\*\*\*\.\.\.45ab`

var awsSecretAccessKey = "q7Rj2Vx9Lm4Np8Tz3Kw6Hb1Yc5Fd0GsA2eUi7Ho" // want `GO002: variable awsSecretAccessKey holds a hard-coded credential \*\*\*\*\.\.\.i7Ho`

// Neither G101 nor the old GO002 caught these.
const dsn = "app:Tr0ub4dor-3@tcp(rm-bp1.mysql.rds.aliyuncs.com:3306)/orders" // want `GO002: hard-coded password in a URL "app:\*\*\*\*@tcp\(rm-bp1.mysql.rds.aliyuncs.com:3306\)/orders"`

func HandleRequest(ctx context.Context) error {
	dbPassword := "hunter2hunter2" // want `GO002: variable dbPassword holds a hard-coded credential \*\*\*\*`
	_ = dbPassword
	os.Setenv("SECRET", "n0t-in-the-code-please")                        // want `GO002: os.Setenv\("SECRET"\) holds a hard-coded credential \*\*\*\*\.\.\.ease`
	db, err := sql.Open("mysql", "root:S3cretPw@tcp(10.0.0.5:3306)/app") // want `GO002: hard-coded password in a URL "root:\*\*\*\*@tcp\(10.0.0.5:3306\)/app"`
	if err != nil {
		return err
	}
	return db.Close()
}

func main() {
	fc.Start(HandleRequest)
}
