package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plantedSecret is a credential written into a generated project: value is
// what the file holds, part the secret material of which no 5 characters
// may be printed (an AccessKey ID's part after LTAI, a DSN's password).
type plantedSecret struct {
	what, value, part string
}

// plantSecrets writes a project with distinct secrets in every place the
// issue names: an AccessKey ID, a 30-character secret under the neutral
// key SK, a DSN password, a credential under CREDS, a Terraform SK = "...",
// and a Go map entry "sk": "..." beside an AccessKey ID and a Go DSN. The
// DSN and CREDS lines carry an unused ignore comment, so that
// --report-unused-ignores puts a finding, and its source snippet, on them.
// Values are assembled at run time so that this file holds no key-shaped
// literal.
func plantSecrets(t *testing.T) (dir string, secrets []plantedSecret) {
	t.Helper()
	lt := "LT" + "AI"
	yamlID := plantedSecret{"s.yaml AccessKey ID", lt + "9kQ2mW7pLx3NvB8rT5yZ", "9kQ2mW7pLx3NvB8rT5yZ"}
	yamlSK := plantedSecret{"s.yaml SK", "Pq7Rn2Jx9Wm4" + "Kt6Yv1Bz8Hc3Ld5Fg0", ""}
	dsnPw := plantedSecret{"s.yaml DSN password", "Vr7pQx2" + "Lm9Tz", ""}
	creds := plantedSecret{"s.yaml CREDS", "Hk4Lm8Pn" + "2Qr6St0Uv", ""}
	tfSK := plantedSecret{"main.tf SK", "Wd3Fg7Hj1Kl5" + "Zx9Cv2Bn6Mq4Rt8Yu0", ""}
	goID := plantedSecret{"main.go ak", lt + "3sD8fG2hJ6kL0zX4cV7b", "3sD8fG2hJ6kL0zX4cV7b"}
	goSK := plantedSecret{"main.go sk", "Ns5Bv1Cx7Zl3" + "Kj9Hg2Fd6Sa4Qw8Er0", ""}
	goDSN := plantedSecret{"main.go DSN password", "Gt5Hy" + "8Ju2Ki", ""}
	secrets = []plantedSecret{yamlID, yamlSK, dsnPw, creds, tfSK, goID, goSK, goDSN}

	dir = t.TempDir()
	files := map[string]string{
		"s.yaml": `edition: 3.0.0
name: planted
access: default

resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: planted-api
      runtime: custom.debian10
      handler: index.handler
      code: ./code
      memorySize: 512
      timeout: 30
      logConfig: auto
      environmentVariables:
        ALIBABA_CLOUD_ACCESS_KEY_ID: ` + yamlID.value + `
        SK: ` + yamlSK.value + `
        DSN: mysql://app:` + dsnPw.value + `@rm-bp1abc.mysql.rds.aliyuncs.com:3306/orders # fcplan:ignore REL003 -- planted
        CREDS: ` + creds.value + ` # fcplan:ignore REL003 -- planted
      triggers:
        - triggerName: web
          triggerType: http
          triggerConfig:
            authType: anonymous
            methods: [GET]
`,
		"tf/main.tf": `resource "alicloud_fcv3_function" "tf" {
  function_name = "tf-planted"
  runtime       = "python3.10"
  handler       = "index.handler"
  memory_size   = 512
  timeout       = 30
  environment_variables = {
    SK = "` + tfSK.value + `"
  }
}
`,
		"code/go.mod": "module example.com/planted\n\ngo 1.22\n",
		"code/main.go": `package main

import "fmt"

var creds = map[string]string{"ak": "` + goID.value + `", "sk": "` + goSK.value + `"}

var dsn = "app:` + goDSN.value + `@tcp(rm-bp1abc.mysql.rds.aliyuncs.com:3306)/orders" //fcplan:ignore GO003 -- planted

func main() { fmt.Println(len(creds), len(dsn)) }
`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, secrets
}

// assertNoSecret fails when out holds a planted secret in full or any 5
// characters in a row of its secret part.
func assertNoSecret(t *testing.T, where, out string, secrets []plantedSecret) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s.value) {
			t.Errorf("%s: %s printed in full", where, s.what)
			continue
		}
		part := s.part
		if part == "" {
			part = s.value
		}
		for i := 0; i+5 <= len(part); i++ {
			if strings.Contains(out, part[i:i+5]) {
				t.Errorf("%s: %s: %q of it printed", where, s.what, part[i:i+5])
				break
			}
		}
	}
}

// TestNoSecretPrinted runs every command and format that prints project
// content over the planted project and checks that no secret comes out,
// and that the lines that held them were printed (masked), so the test
// cannot pass by printing nothing.
func TestNoSecretPrinted(t *testing.T) {
	dir, secrets := plantSecrets(t)
	lt := "LT" + "AI"

	t.Run("inspect", func(t *testing.T) {
		for _, format := range []string{"table", "json"} {
			out, stderr, code := lintRun(t, "inspect", dir, "--format", format)
			if code != ExitOK {
				t.Fatalf("inspect --format %s: exit %d: %s", format, code, stderr)
			}
			assertNoSecret(t, "inspect "+format, out+stderr, secrets)
			if format == "json" {
				for _, want := range []string{lt + "****...T5yZ", `"value": "****...5Fg0"`, "mysql://app:****@", `"value": "****...t0Uv"`, `"value": "****...8Yu0"`} {
					if !strings.Contains(out, want) {
						t.Errorf("inspect json: no %q (the masked value)", want)
					}
				}
			}
		}
	})

	t.Run("lint", func(t *testing.T) {
		for _, format := range []string{"text", "json", "sarif", "markdown"} {
			out, stderr, code := lintRun(t, "lint", dir, "--format", format, "--report-unused-ignores")
			if code != ExitFindings {
				t.Fatalf("lint --format %s: exit %d: %s", format, code, stderr)
			}
			assertNoSecret(t, "lint "+format, out+stderr, secrets)
			if format == "text" {
				for _, want := range []string{
					"ALIBABA_CLOUD_ACCESS_KEY_ID: " + lt + "****...T5yZ",
					"SK: ****...5Fg0",
					"DSN: mysql://app:****@rm-bp1abc",
					"CREDS: ****...t0Uv # fcplan:ignore",
					`SK = "****...8Yu0"`,
				} {
					if !strings.Contains(out, want) {
						t.Errorf("lint text: no snippet %q:\n%s", want, out)
					}
				}
			}
		}
	})

	t.Run("vet", func(t *testing.T) {
		vetEnv(t)
		for _, format := range []string{"text", "json", "sarif", "markdown"} {
			out, stderr, code := runVetCLI(t, "-C", filepath.Join(dir, "code"), "--format", format, "--report-unused-ignores", "./...")
			if code != ExitFindings {
				t.Fatalf("vet --format %s: exit %d: %s", format, code, stderr)
			}
			assertNoSecret(t, "vet "+format, out+stderr, secrets)
			if format == "text" {
				for _, want := range []string{`{"ak": "` + lt + `****...cV7b", "sk": "****...8Er0"}`, `"app:****@tcp(`} {
					if !strings.Contains(out, want) {
						t.Errorf("vet text: no snippet %q:\n%s", want, out)
					}
				}
			}
		}
	})

	t.Run("error", func(t *testing.T) {
		// A configuration error quotes the offending key; the key is an
		// AccessKey ID here.
		cfgDir := t.TempDir()
		cfg := filepath.Join(cfgDir, ".fcplan.yaml")
		if err := os.WriteFile(cfg, []byte(secrets[0].value+": 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr, code := lintRun(t, "lint", dir, "--config", cfg)
		if code != ExitInput {
			t.Fatalf("lint with a bad config: exit %d, want %d: %s", code, ExitInput, stderr)
		}
		assertNoSecret(t, "lint config error", out+stderr, secrets)
		if !strings.Contains(stderr, "unknown key \""+lt+"****...T5yZ\"") {
			t.Errorf("the error does not name the (masked) key: %s", stderr)
		}

		// A load error quotes the value it could not use; lint repeats load
		// errors on stderr when the report goes to a file, and review
		// before it stops.
		bad := t.TempDir()
		if err := os.WriteFile(filepath.Join(bad, "s.yaml"), []byte("edition: 3.0.0\nresources:\n  a:\n    component: fc3\n    props:\n      functionName: a\n      runtime: python3.10\n      memorySize: "+secrets[0].value+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"lint", bad, "--format", "json", "--output", filepath.Join(bad, "out.json")},
			{"review", bad, "--workload", "poisson:rate=1/s,duration=1m"},
			{"inspect", bad},
			{"simulate", "--config", bad, "--workload", "poisson:rate=1/s,duration=1m"},
		} {
			out, stderr, code := lintRun(t, args...)
			if code != ExitInput {
				t.Errorf("%s with a bad value: exit %d, want %d", args[0], code, ExitInput)
			}
			assertNoSecret(t, args[0]+" load error", out+stderr, secrets)
			if !strings.Contains(stderr, lt+"****...T5yZ") {
				t.Errorf("%s: the load error does not show the (masked) value: %s", args[0], stderr)
			}
		}
	})

	t.Run("review", func(t *testing.T) {
		vetEnv(t)
		for _, format := range []string{"text", "markdown", "json"} {
			html := filepath.Join(t.TempDir(), "review.html")
			out, stderr, code := lintRun(t, "review", dir, "--workload", "poisson:rate=1/s,duration=5m", "--format", format, "--html", html)
			if code != ExitFindings {
				t.Fatalf("review --format %s: exit %d: %s", format, code, stderr)
			}
			assertNoSecret(t, "review "+format, out+stderr, secrets)
			masked := lt + "****...T5yZ"
			if format == "markdown" {
				masked = lt + `\*\*\*\*...T5yZ` // Markdown escapes the asterisks
			}
			if !strings.Contains(out, masked) {
				t.Errorf("review %s: the SEC001 finding with the masked key is missing:\n%s", format, out)
			}
			page, err := os.ReadFile(html)
			if err != nil {
				t.Fatal(err)
			}
			assertNoSecret(t, "review html", string(page), secrets)
		}
	})
}
