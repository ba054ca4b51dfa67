package secrets

import (
	"strings"
	"testing"
)

func TestIsSecret(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"k8sJd92kLmNq0pRsTuVwXyZ12345ab", true},
		{"LTAI5tAbCdEfGhIjKlMnOpQr", true},
		{"", false},
		{"short", false},
		{"xxxxxxxxxxxxxxxx", false},
		{"<your-access-key-secret>", false},
		{"${ALIBABA_CLOUD_ACCESS_KEY_ID}", false},
		{"{{ .Secret }}", false},
		{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", false},
		{"00000000000000000000", false},
		{"my-example-secret-value", false},
		{"CHANGEME-please-now", false},
	}
	for _, tt := range tests {
		if got := isSecret(tt.v); got != tt.want {
			t.Errorf("isSecret(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestKeyID(t *testing.T) {
	tests := []struct {
		v, want string
	}{
		{"LTAI5tAbCdEfGhIjKlMnOpQr", "LTAI5tAbCdEfGhIjKlMnOpQr"},
		{"id=LTAI5tAbCdEfGhIjKlMnOpQr;", "LTAI5tAbCdEfGhIjKlMnOpQr"},
		{"LTAI5tAbCdEfGhIjKlMnOpQrS", ""}, // 21 characters: not the ID pattern
		{"xLTAI5tAbCdEfGhIjKlMnOpQr", ""}, // inside a longer word
		{"LTAI5tAbCdEfGhIjKlMnOp", ""},    // 18 characters
		{"ltai5tAbCdEfGhIjKlMnOpQr", ""},  // lower-case prefix
	}
	for _, tt := range tests {
		got := ""
		if m := keyID.FindStringSubmatch(tt.v); m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("keyID in %q = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// FuzzClassify feeds arbitrary literal contents to the classifiers: they
// must not panic, and a reported key ID must match the documented shape.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"", "LTAI5tAbCdEfGhIjKlMnOpQr", "<x>", "\xff\xfe", "aaaaaaaa", "LTAI", "${A}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = isSecret(s)
		_ = isPlaceholder(s)
		if m := keyID.FindStringSubmatch(s); m != nil {
			if len(m[1]) != 24 || !strings.HasPrefix(m[1], "LTAI") {
				t.Fatalf("key ID %q from %q", m[1], s)
			}
		}
	})
}
