package connhandler

import (
	"strings"
	"testing"
)

func TestCatalogueRows(t *testing.T) {
	kinds := map[Kind]bool{Database: true, Cache: true, Queue: true, HTTP: true, Tracing: true, ObjectStorage: true}
	for full, c := range constructors {
		if c.What == "" || !kinds[c.Kind] {
			t.Errorf("%s: row %+v needs a description and one of the documented kinds", full, c)
		}
		if !strings.Contains(full, ".") || strings.ContainsAny(full, " \t") {
			t.Errorf("%q is not a *types.Func full name", full)
		}
	}
}

func TestConstructorOf(t *testing.T) {
	tests := []struct{ full, want string }{
		{"database/sql.Open", "a database/sql connection pool"},
		{"github.com/tsuna/gohbase.NewClient", "an HBase client"},
		{"(github.com/uber/jaeger-client-go/config.Configuration).NewTracer", "a Jaeger tracer"},
		{"go.opentelemetry.io/otel/sdk/trace.NewTracerProvider", "an OpenTelemetry tracer provider (batching goroutine and exporter)"},
		{"github.com/aws/aws-sdk-go/service/dynamodb.New", "an AWS SDK v1 client"},
		{"github.com/aws/aws-sdk-go-v2/service/s3.NewFromConfig", "an AWS SDK client"},
		{"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs.NewClientWithAccessKey", "an Alibaba Cloud OpenAPI client"},
		// False-positive twins: same names in other packages.
		{"github.com/aws/aws-sdk-go/aws.New", ""},
		{"example.com/mylib.NewClient", ""},
		{"(github.com/tsuna/gohbase.Client).Close", ""},
	}
	for _, tt := range tests {
		if got := constructorOf(tt.full); got != tt.want {
			t.Errorf("constructorOf(%q) = %q, want %q", tt.full, got, tt.want)
		}
	}
}
