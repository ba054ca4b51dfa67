package finding

import "testing"

func TestFingerprintText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"github.com/redis/go-redis/v9.NewClient creates a Redis client", "redis.NewClient creates a Redis client"},
		{"v9.NewClient creates a Redis client", "v9.NewClient creates a Redis client"},
		{"gopkg.in/yaml.v3.Marshal in  handler", "yaml.Marshal in handler"},
		{"(*database/sql.DB).Ping blocks", "sql.DB.Ping blocks"},
		{"(*sql.DB).Ping blocks", "sql.DB.Ping blocks"},
		{"github.com/aliyun/aliyun-oss-go-sdk/oss.New", "oss.New"},
		{"github.com/jmoiron/sqlx.MustConnect", "sqlx.MustConnect"},
		{"no path here: 2,000 instances", "no path here: 2,000 instances"},
	}
	for _, tt := range tests {
		if got := FingerprintText(tt.in); got != tt.want {
			t.Errorf("FingerprintText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFingerprintGoOnly: config-rule fingerprints are unchanged by the Go
// normalisation (baselines recorded before stay valid); Go findings whose
// messages differ only in how a callee is qualified share one.
func TestFingerprintGoOnly(t *testing.T) {
	typed := Finding{RuleID: "GO001", Location: Location{File: "h/main.go", Line: 3}, Subject: "H",
		Message: "github.com/redis/go-redis/v9.NewClient creates a Redis client"}
	untyped := typed
	untyped.Message = "redis.NewClient creates a Redis client"
	untyped.Location.Line = 9
	if typed.Fingerprint() != untyped.Fingerprint() {
		t.Errorf("GO fingerprints differ: %s vs %s", typed.Fingerprint(), untyped.Fingerprint())
	}
	other := untyped
	other.Subject = "server.handle"
	if other.Fingerprint() == untyped.Fingerprint() {
		t.Errorf("the enclosing declaration does not change the fingerprint")
	}
	cfg := Finding{RuleID: "RAM001", Location: Location{File: "s.yaml"}, Message: "acs:ram::1/role/x.Name  spaced"}
	cfgRaw := cfg
	cfgRaw.Message = FingerprintText(cfg.Message)
	if cfg.Fingerprint() == cfgRaw.Fingerprint() {
		t.Errorf("config rule messages are normalised; their baselines would break")
	}
}
