package rules

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

// fakeKeyID builds an AccessKey-ID-shaped test value at run time so that the
// source holds no key-like literal for secret scanners to flag.
func fakeKeyID(body string) string { return "LT" + "AI" + body }

func TestSEC001(t *testing.T) {
	id := fakeKeyID("9xQ2mW7pLk3NvB8rT5yZ") // 20 characters after the prefix
	secret := "q8W3eR7tY2uI9oP4aS6dF1gH5jK0lZ"
	tests := []struct {
		name  string
		env   []model.EnvVar
		wants []want
	}{
		{"key id", []model.EnvVar{env("AK", id, 20)}, []want{{20, 5, finding.Error}}},
		{"key id inside a dsn", []model.EnvVar{env("OSS_URL", "oss://"+id+":x@bucket", 20)}, []want{{20, 5, finding.Error}}},
		{"short key id with entropy", []model.EnvVar{env("AK", fakeKeyID("Ab3dE9gH1jK2mN"), 20)}, []want{{20, 5, finding.Error}}},
		{"secret in secret-named var", []model.EnvVar{env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret, 20)}, []want{{20, 5, finding.Error}}},
		{"30 chars in an ordinary var", []model.EnvVar{env("BUILD_ID", secret, 20)}, nil},
		{"placeholder xxx", []model.EnvVar{env("AK", fakeKeyID("xxxxxxxxxxxxxxxxxxxx"), 20)}, nil},
		{"placeholder angle", []model.EnvVar{env("ACCESS_KEY_SECRET", "<your-access-key-secret>", 20)}, nil},
		{"empty", []model.EnvVar{env("ACCESS_KEY_SECRET", "", 20)}, nil},
		{"low entropy", []model.EnvVar{env("AK", fakeKeyID("AAAAAAAAAAAA"), 20)}, nil},
		{"template", []model.EnvVar{{Name: "AK", Value: unknownStr("${env('AK')}", 20)}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := expect(t, "SEC001", fn(func(f *model.Function) { f.Env = tt.env }), nil, tt.wants...)
			for _, g := range got {
				v, _ := tt.env[0].Value.Get()
				if strings.Contains(g.Message, v) || strings.Contains(g.Message, id) || strings.Contains(g.Message, secret) {
					t.Errorf("secret printed in full: %s", g.Message)
				}
				if !strings.Contains(g.Message, "****") {
					t.Errorf("secret not masked: %s", g.Message)
				}
			}
		})
	}
}

func domainProject(d *model.CustomDomain) *model.Project {
	return &model.Project{CustomDomains: []*model.CustomDomain{d}}
}

func TestSEC003(t *testing.T) {
	expect(t, "SEC003", domainProject(&model.CustomDomain{Key: "d", DomainName: str("api.example.com", 2), Protocol: str("HTTP", 3), Source: at(1, 1)}), nil, want{3, 5, finding.Warning})
	expect(t, "SEC003", domainProject(&model.CustomDomain{Key: "d", DomainName: str("api.example.com", 2), Protocol: str("HTTP,HTTPS", 3), TLSMinVersion: str("TLSv1.0", 4), Source: at(1, 1)}), nil, want{4, 5, finding.Warning})
	expect(t, "SEC003", domainProject(&model.CustomDomain{Key: "d", DomainName: str("api.example.com", 2), Protocol: str("HTTPS", 3), TLSMinVersion: str("TLSv1.2", 4), Source: at(1, 1)}), nil)
	expect(t, "SEC003", domainProject(&model.CustomDomain{Key: "d", DomainName: str("auto", 2), Protocol: str("HTTP", 3), Source: at(1, 1)}), nil)
	expect(t, "SEC003", domainProject(&model.CustomDomain{Key: "d", DomainName: str("api.example.com", 2), Protocol: unknownStr("${vars.proto}", 3), Source: at(1, 1)}), nil)
}

// FuzzEnvHosts checks that the host and secret scanners never panic on any
// environment value.
func FuzzEnvHosts(f *testing.F) {
	for _, s := range []string{"https://a.b/c", "user:pw@tcp(10.0.0.1:3306)/db", "oss://bucket/prefix/", "[::1]:80", "LTAI", "a.b.c.d.e.com:99999", "http://[::1", "%zz://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		fnc := &model.Function{Env: []model.EnvVar{env("SECRET_KEY", v, 1)}}
		envHosts(fnc)
		findAccessKey(v)
		isSecret("SECRET_KEY", v)
		envBucketWrites(fnc, "bucket")
		parseBucketValue(v, "bucket")
	})
}
