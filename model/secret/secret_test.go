package secret

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestIsName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"password", true},
		{"PASSWORD", true},
		{"dbPassword", true},
		{"DB_PASSWORD", true},
		{"db-password", true},
		{"dbpassword", true},
		{"PASSWORD2", true},
		{"db2password", true},
		{"OAuth2Token", true},
		{"MYSQL_PASS", true},
		{"passwd", true},
		{"DB_PWD", true},
		{"accessKeySecret", true},
		{"ALIBABA_CLOUD_ACCESS_KEY_ID", true},
		{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", true},
		{"access_key", true},
		{"AccessKeyId", true},
		{"apiKey", true},
		{"APIKey", true},
		{"OPENAI_API_KEY", true},
		{"privateKey", true},
		{"secret", true},
		{"clientsecret", true},
		{"CLIENT_SECRET", true},
		{"token", true},
		{"accessToken", true},
		{"GITHUB_TOKEN", true},
		{"credentials", true},
		{"CREDS", true},
		{"DSN", true},
		{"DB_DSN", true},
		{"SK", true},
		{"sk", true},
		{"OSS_SK", true},
		{"OSS_AK", true},
		{"oss.sk", true},
		{"AKSK", true},
		{"SecurityToken", true},
		{"connectionString", true},
		{"Authorization", true},
		// Not credentials.
		{"", false},
		{"tokenizer_model", false},
		{"skip", false},
		{"task", false},
		{"TASK_QUEUE", false},
		{"PEAK_QPS", false},
		{"key", false},
		{"CACHE_KEY", false},
		{"name", false},
		{"DB_USER", false},
		{"DB_HOST", false},
		{"PWD", false},
		{"DB_PASSWORD_FILE", false},
		{"TOKEN_URL", false},
		{"SECRET_NAME", false},
		{"PASSWORD_MIN_LENGTH", false},
		{"TOKEN_TTL", false},
		{"authType", false},
		{"auth", false},
		{"MAX_TOKENS", false},
		{"REGION", false},
		{"passthrough", false},
		{"PASS_THROUGH", false},
		{"claimPassBy", false},
		{"tokenLookup", false},
	}
	for _, tt := range tests {
		if got := IsName(tt.name); got != tt.want {
			t.Errorf("IsName(%q) = %v, want %v (words %q)", tt.name, got, tt.want, splitName(tt.name))
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"xxx", true},
		{"XXXXXXXX", true},
		{"***", true},
		{"********", true},
		{"your-password", true},
		{"YOUR_ACCESS_KEY", true},
		{"yourSecretHere", true},
		{"<your-access-key-secret>", true},
		{"<secret>", true},
		{"${env('DB_PASSWORD')}", true},
		{"${vars.sk}", true},
		{"{{ .Secret }}", true},
		{"$DB_PASSWORD", true},
		{"%DB_PASSWORD%", true},
		{"$(cat /run/secret)", true},
		{"changeme", true},
		{"CHANGEME", true},
		{"change-me-now", true},
		{"password", true},
		{"secret", true},
		{"example-secret-value", true},
		{"LTAIxxxxxxxxxxxxxxxxxxxx", true},
		{"00000000", true},
		{"0000-0000-0000", true},
		{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", true},
		{"none", true},
		{"REDACTED", true},
		// Real-looking values.
		{"hunter2", false},
		{"Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", false},
		{"LTAI5tQ8mZxY3vWkPq7RnJ2a", false},
		{"s3cr3t-Pa55", false},
		{"Contest2024!", false},
		{"a1", false},
	}
	for _, tt := range tests {
		if got := IsPlaceholder(tt.v); got != tt.want {
			t.Errorf("IsPlaceholder(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, value string
		want        Kind
	}{
		// Strong shapes, whatever the name.
		{"", "LTAI5tQ8mZxY3vWkPq7RnJ2a", AccessKeyID},
		{"BUILD", "LTAIq7W2eR9tY4uP", AccessKeyID},
		{"NOTE", "key is LTAI5tQ8mZxY3vWkPq7RnJ2a here", AccessKeyID},
		{"", "AKIAIOSFODNN7EXAMPL2", AWSKeyID},
		{"", "STS.NUgYrLnoC37mZZCNnAbez2Q7F5c8a9Y1x", STSToken},
		{"", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", JWT},
		{"DATABASE", "mysql://app:S3cretPw@db.internal:3306/orders", URLPassword},
		{"", "postgres://u:p4ss@h/db", URLPassword},
		{"", "redis://:r3dis@cache:6379/0", URLPassword},
		{"", "app:S3cretPw@tcp(db.internal:3306)/orders?parseTime=true", URLPassword},
		// Named.
		{"SK", "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", Named},
		{"CREDS", "hunter2hunter2", Named},
		{"DB_PASSWORD", "hunter2", Named},
		{"dbPassword", "correcthorsebatterystaple", Named},
		// Placeholders and non-credentials under credential names.
		{"DB_PASSWORD", "", None},
		{"DB_PASSWORD", "${env('DB_PASSWORD')}", None},
		{"SK", "<your-sk>", None},
		{"SK", "xxx", None},
		{"SK", "***", None},
		{"TOKEN", "{{ .Token }}", None},
		{"PASSWORD", "changeme", None},
		{"TOKEN_REFRESH", "3600", None},
		{"SECRET_ROTATION", "true", None},
		{"SECRET", "acs:kms:cn-hangzhou:123456789:secret/db", None},
		{"DB_PASSWORD_FILE", "/run/secrets/db", None},
		{"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIxxxxxxxxxxxxxxxxxxxx", None},
		{"PWD", "/code", None},
		// Weak shapes under neutral names are not secrets.
		{"BUILD_ID", "q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ", None},
		{"LOCK_HASH", "sha512-9a8f3c1e2b4d6f7a8c9e0b1d2f3a4c5e6b7d8f9a0c1e2b3d4f5a6c7e8b9d0f1a2", None},
		{"REQUEST_ID", "123e4567-e89b-12d3-a456-426614174000", None},
		{"IMAGE", "registry.cn-hangzhou.aliyuncs.com/ns/app@sha256:0f3a9d2c7b1e4f5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c", None},
		{"ROLE", "acs:ram::1234567890123456:role/fc-role", None},
		{"ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com/bucket/key", None},
		{"CA_BUNDLE", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo", None},
		{"MODEL", "tokenizer_model", None},
	}
	for _, tt := range tests {
		if got := Classify(tt.name, tt.value); got != tt.want {
			t.Errorf("Classify(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"LTAI5tQ8mZxY3vWkPq7RnJ2a", "LTAI****...nJ2a"},
		{"LTAIq7W2eR9tY4uP", "LTAI****"},
		{"Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", "****...1hG0"},
		{"hunter2", "****"},
		{"STS.NUgYrLnoC37mZZCNnAbez2Q7F5c8a9Y1x", "STS.****...9Y1x"},
		{"AKIAIOSFODNN7EXAMPL2", "AKIA****...MPL2"},
		{"", "****"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskLine(t *testing.T) {
	tests := []struct {
		in   string
		mode Mode
		want string
	}{
		{"        SK: Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", Text, "        SK: ****...1hG0"},
		{"        CREDS: 'hunter2hunter2'", Text, "        CREDS: '****'"},
		{`    SK = "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0"`, Code, `    SK = "****...1hG0"`},
		{`		"sk": "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0",`, Code, `		"sk": "****...1hG0",`},
		{`	os.Setenv("DB_PASSWORD", "hunter2")`, Code, `	os.Setenv("DB_PASSWORD", "****")`},
		{`	cfg := &openapi.Config{AccessKeySecret: tea.String("Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0")}`, Code,
			`	cfg := &openapi.Config{AccessKeySecret: tea.String("****...1hG0")}`},
		{"        DSN: mysql://app:S3cretPw@db.internal:3306/orders", Text, "        DSN: mysql://app:****@db.internal:3306/orders"},
		{`	db, _ := sql.Open("mysql", "app:S3cretPw@tcp(db:3306)/orders")`, Code, `	db, _ := sql.Open("mysql", "app:****@tcp(db:3306)/orders")`},
		{"REDIS_URL: redis://:r3disPass@cache:6379/0", Text, "REDIS_URL: redis://:****@cache:6379/0"},
		{"DB_PASSWORD=hunter2 DB_USER=app", Text, "DB_PASSWORD=**** DB_USER=app"},
		{"https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0&x=1", Text,
			"https://oapi.dingtalk.com/robot/send?access_token=****...b1a0&x=1"},
		{"Authorization: Bearer abcdef0123456789xyz", Text, "Authorization: ****...9xyz"},
		{"id LTAI5tQ8mZxY3vWkPq7RnJ2a, again LTAI5tQ8mZxY3vWkPq7RnJ2a", Text, "id LTAI****...nJ2a, again LTAI****...nJ2a"},
		{"AK_LTAI5tQ8mZxY3vWkPq7RnJ2a,LTAI5tQ8mZxY3vWkPq7RnJ2b", Text, "AK_LTAI****...nJ2a,LTAI****...nJ2b"},
		{"xLTAI5tQ8mZxY3vWkPq7RnJ2a", Text, "xLTAI5tQ8mZxY3vWkPq7RnJ2a"},
		{"                    Password: dtsTest123    # consumer group password", Text, "                    Password: ****    # consumer group password"},
		{"        PASSWORD: hunter2 # the old one", Text, "        PASSWORD: **** # the old one"},
		{"        PASSWORD: pa#ss,w&rd;x}", Text, "        PASSWORD: ****"},
		{"        PASSWORD: 'it''s-a-secret-2024'", Text, "        PASSWORD: '****...2024'"},
		// Left alone.
		{`.fcplan.yaml:2:1: baseline "/etc/passwd": outside the project directory`, Text, `.fcplan.yaml:2:1: baseline "/etc/passwd": outside the project directory`},
		{`/tmp/x/credentials: unknown key "rules"`, Text, `/tmp/x/credentials: unknown key "rules"`},
		{`// ({"name": "DB_PASSWORD", "value": "..."}, bearer credentials)`, Code, `// ({"name": "DB_PASSWORD", "value": "..."}, bearer credentials)`},
		{`var words = []string{"password", "passwd", "secret"}`, Code, `var words = []string{"password", "passwd", "secret"}`},
		{`        DB_DSN: "app:secret@tcp(rm-bp1abc.mysql.rds.aliyuncs.com:3306)/orders"`, Text, `        DB_DSN: "app:secret@tcp(rm-bp1abc.mysql.rds.aliyuncs.com:3306)/orders"`},
		{"            privateKey: ./certs/img.key", Text, "            privateKey: ./certs/img.key"},
		{"        DB_PASSWORD: /run/secrets/db_password", Text, "        DB_PASSWORD: /run/secrets/db_password"},
		{`	dsn := "dsn"`, Code, `	dsn := "dsn"`},
		{`	analysistest.Run(t, dir, secrets.Analyzer, "hardcoded")`, Code, `	analysistest.Run(t, dir, secrets.Analyzer, "hardcoded")`},
		{`		{"env", at{"var.db_password", "fc.tf", 28}},`, Code, `		{"env", at{"var.db_password", "fc.tf", 28}},`},
		{"                tokenLookup: 'header:Authentication:Bearer '", Text, "                tokenLookup: 'header:Authentication:Bearer '"},
		{"                claimPassBy: 'query::adssda'", Text, "                claimPassBy: 'query::adssda'"},
		{"        DB_PASSWORD: ${env('DB_PASSWORD')}", Text, "        DB_PASSWORD: ${env('DB_PASSWORD')}"},
		{"        SK: <your-sk>", Text, "        SK: <your-sk>"},
		{"        DB_PASSWORD: changeme", Text, "        DB_PASSWORD: changeme"},
		{"    sk = var.sk", Code, "    sk = var.sk"},
		{"	token := r.Header.Get(\"Authorization\")", Code, "	token := r.Header.Get(\"Authorization\")"},
		{"        tokenizer_model: bert-base-uncased-v2", Text, "        tokenizer_model: bert-base-uncased-v2"},
		{"        task: resize-images", Text, "        task: resize-images"},
		{"        DSN: mysql://db.internal:3306/orders", Text, "        DSN: mysql://db.internal:3306/orders"},
		{"        BUILD_ID: q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ", Text, "        BUILD_ID: q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ"},
		{"        ENDPOINT: https://oss-cn-hangzhou.aliyuncs.com", Text, "        ENDPOINT: https://oss-cn-hangzhou.aliyuncs.com"},
		{"hard-coded AccessKey ID LTAI****...nJ2a in env", Text, "hard-coded AccessKey ID LTAI****...nJ2a in env"},
		{"        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ****...1hG0", Text, "        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ****...1hG0"},
		{"mailto:someone@example.com", Text, "mailto:someone@example.com"},
	}
	for _, tt := range tests {
		if got := MaskLine(tt.in, tt.mode); got != tt.want {
			t.Errorf("MaskLine(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskLineAt(t *testing.T) {
	line := "  SK: Pq7Rn2Jx9Wm4Kt6Yv1Bz8Hc3Ld5Fg0 # fcplan:ignore X -- é"
	tests := []struct {
		col, want int
		at        string // what the column points at in the masked line
	}{
		{3, 3, "SK"},
		{7, 7, "****"},  // the secret's first character
		{20, 7, "****"}, // inside the secret
		{38, 19, "# fcplan"},
		{0, 0, ""},
	}
	for _, tt := range tests {
		got, col := MaskLineAt(line, Text, tt.col)
		if got != "  SK: ****...5Fg0 # fcplan:ignore X -- é" {
			t.Fatalf("masked %q", got)
		}
		if col != tt.want {
			t.Errorf("column %d -> %d, want %d", tt.col, col, tt.want)
		}
		if tt.at != "" && !strings.HasPrefix(string([]rune(got)[col-1:]), tt.at) {
			t.Errorf("column %d points at %q, want %q", tt.col, string([]rune(got)[col-1:]), tt.at)
		}
	}
	if got, col := MaskLineAt("é SK: hunter2", Text, 99); got != "é SK: ****" || col != 99-3 {
		t.Errorf("past the end: %q, %d", got, col)
	}
	if _, col := MaskLineAt("no secret", Text, 4); col != 4 {
		t.Errorf("unmasked line moved the column to %d", col)
	}
}

func TestMaskValue(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"SK", "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", "****...1hG0"},
		{"DB_PASSWORD", "hunter2", "****"},
		{"DB_PASSWORD", "${env('DB_PASSWORD')}", "${env('DB_PASSWORD')}"},
		{"DSN", "mysql://app:S3cretPw@db:3306/orders", "mysql://app:****@db:3306/orders"},
		{"DSN", "mysql://db:3306/orders", "mysql://db:3306/orders"},
		{"DSN", "host=db user=app password=S3cretPw dbname=orders", "host=db user=app password=**** dbname=orders"},
		{"WEBHOOK_SECRET", "https://hooks.chat.invalid/services/T0/B0/abcdefabcdef", "****...cdef"},
		{"ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tQ8mZxY3vWkPq7RnJ2a", "LTAI****...nJ2a"},
		{"BUILD_ID", "q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ", "q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ"},
		{"LOG_LEVEL", "info", "info"},
	}
	for _, tt := range tests {
		if got := MaskValue(tt.name, tt.in); got != tt.want {
			t.Errorf("MaskValue(%q, %q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestMaskJSON(t *testing.T) {
	in := `{"functions":[{"name":"api","env":[` +
		`{"name":"SK","value":"Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0"},` +
		`{"name":"DB_PASSWORD","value":{"unknown":"var.db_password","ref":"var.db_password"}},` +
		`{"name":"DB_PASSWORD2","value":{"unknown":"join(\"\", [\"hunter2\", \"${x}\"])"}},` +
		`{"name":"LOG_LEVEL","value":"info"},` +
		`{"name":"NOTE","value":"mysql://app:S3cretPw@db/x <b>"},` +
		`{"name":"HTML","value":"\u003cb\u003e \u00e9"}],` +
		`"tags":[{"key":"token","value":"abcdefabcdef"}],` +
		`"password":"p4ssw0rd","memory":512,"ok":true,"none":null,` +
		`"positions":{"env.SK":{"file":"s.yaml","line":3},"env.LTAI5tLEAKYkeyasname1234":{"line":4}}}]}`
	want := `{"functions":[{"name":"api","env":[` +
		`{"name":"SK","value":"****...1hG0"},` +
		`{"name":"DB_PASSWORD","value":{"unknown":"var.db_password","ref":"var.db_password"}},` +
		`{"name":"DB_PASSWORD2","value":{"unknown":"join(\"\", [\"****\", \"${x}\"])"}},` +
		`{"name":"LOG_LEVEL","value":"info"},` +
		`{"name":"NOTE","value":"mysql://app:****@db/x <b>"},` +
		`{"name":"HTML","value":"\u003cb\u003e \u00e9"}],` +
		`"tags":[{"key":"token","value":"****"}],` +
		`"password":"****","memory":512,"ok":true,"none":null,` +
		`"positions":{"env.SK":{"file":"s.yaml","line":3},"env.LTAI****...1234":{"line":4}}}]}`
	got, err := MaskJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("MaskJSON\n got %s\nwant %s", got, want)
	}
	if !json.Valid(got) {
		t.Error("MaskJSON output is not valid JSON")
	}
	indented := `{ "a" : [ 1.50, "LTAI5tQ8mZxY3vWkPq7RnJ2a" ] , "b": {"c": 2e3} }`
	if got, err := MaskJSON([]byte(indented)); err != nil || string(got) != `{"a":[1.50,"LTAI****...nJ2a"],"b":{"c":2e3}}` {
		t.Errorf("MaskJSON(indented) = %s, %v", got, err)
	}
	for _, bad := range []string{`{"a":`, `[1,2`, `{"a":1} {}`} {
		if _, err := MaskJSON([]byte(bad)); err == nil {
			t.Errorf("MaskJSON(%q): no error", bad)
		}
	}
}

// TestMaskLongLine checks that a huge line is masked in linear time and
// keeps nothing of the planted secrets.
func TestMaskLongLine(t *testing.T) {
	var b strings.Builder
	for b.Len() < 2<<20 {
		b.WriteString(`"sk": "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", "n": 1, LTAI5tQ8mZxY3vWkPq7RnJ2a `)
	}
	got := MaskLine(b.String(), Code)
	if strings.Contains(got, "Zx9yW") || strings.Contains(got, "LTAI5tQ8") {
		t.Error("a secret survived in a long line")
	}
}

// TestMaskHostileLine checks that lines built to make a naive scanner
// quadratic (every position starts a match whose value runs to the end) are
// masked in linear time: 20,000 repetitions took minutes before the
// assignment scanner skipped past the values it had read.
func TestMaskHostileLine(t *testing.T) {
	units := []string{"a:", "a=", "a: ", `"a":`, "sk:", "sk: ${x} ", "x:y@tcp(", "a:b@", `sk: "`, "mysql://a:b", "eyJaaaaaaaaaa.", "STS.", "LTAI"}
	for _, u := range units {
		s := strings.Repeat(u, 20000)
		start := time.Now()
		MaskLine(s, Text)
		MaskLine(s, Code)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%q x 20000: %v, want linear time", u, d)
		}
	}
}

func FuzzMaskLine(f *testing.F) {
	for _, s := range []string{"", "SK: abc", `"sk": "x"`, "mysql://u:p@h", "LTAI5tQ8mZxY3vWkPq7RnJ2a", "\xff\xfe", "a:b@tcp("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := MaskLine(s, Text)
		if MaskLine(got, Text) != got {
			t.Errorf("masking is not idempotent on %q: %q", s, got)
		}
		for _, m := range accessKeyIDRe.FindAllStringSubmatch(got, -1) {
			if id := m[1]; !IsPlaceholder(id[4:]) {
				t.Errorf("AccessKey ID %q survived in %q", id, got)
			}
		}
	})
}
