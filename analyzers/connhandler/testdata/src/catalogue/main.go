package main

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/nats-io/nats.go"
	"github.com/tsuna/gohbase"
	"github.com/uber/jaeger-client-go/config"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Built once per instance: none of these is reported.
var (
	hbase     = gohbase.NewClient("zk:2181")
	awsSess   = session.Must(session.NewSession())
	s3Client  = s3.New(awsSess)
	natsConn  *nats.Conn
	tpAtStart *sdktrace.TracerProvider
)

func init() {
	natsConn, _ = nats.Connect("nats://n:4222")
	exp, _ := otlptracegrpc.New(context.Background())
	tpAtStart = sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
}

func HandleRequest(ctx context.Context) error {
	hb := gohbase.NewClient("zk:2181") // want `GO001: gohbase.NewClient creates an HBase client in request context`
	defer hb.Close()
	exp, _ := otlptracegrpc.New(ctx)                            // want `GO001: otlptracegrpc.New creates an OTLP gRPC trace exporter in request context`
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp)) // want `GO001: trace.NewTracerProvider creates an OpenTelemetry tracer provider`
	defer tp.Shutdown(ctx)
	_, closer, _ := config.Configuration{ServiceName: "f"}.NewTracer() // want `GO001: config.Configuration.NewTracer creates a Jaeger tracer in request context`
	_ = closer
	sess, _ := session.NewSession()                                        // want `GO001: session.NewSession creates an AWS SDK v1 session`
	_ = s3.New(sess)                                                       // want `GO001: s3.New creates an AWS SDK v1 client`
	p, _ := sarama.NewSyncProducer([]string{"k:9092"}, sarama.NewConfig()) // want `GO001: sarama.NewSyncProducer creates a Kafka producer`
	defer p.Close()
	nc, _ := nats.Connect("nats://n:4222") // want `GO001: nats.Connect creates a NATS connection`
	defer nc.Close()
	_, _ = hbase, s3Client
	return nil
}

func main() {
	fc.Start(HandleRequest)
}
