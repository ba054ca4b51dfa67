package connhandler

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Kind is the kind of downstream a catalogued client talks to.
type Kind string

// Client kinds.
const (
	Database      Kind = "database"       // SQL, MongoDB, Tablestore, HBase, Elasticsearch
	Cache         Kind = "cache"          // Redis
	Queue         Kind = "queue"          // Kafka, AMQP, NATS, MNS, RocketMQ
	HTTP          Kind = "http"           // OpenAPI/AWS SDK clients, gRPC, SLS
	Tracing       Kind = "tracing"        // tracer providers and trace exporters
	ObjectStorage Kind = "object storage" // OSS
)

// Client describes what a constructor builds.
type Client struct {
	What string // e.g. "a database/sql connection pool"
	Kind Kind
}

// constructors is the catalogue of constructors of long-lived clients, keyed
// by the callee's *types.Func full name (package path + name, or
// "(pkg.Type).Method" for a method): one row per constructor, with what it
// builds and the kind of downstream. It follows FACTS.md section 4 and
// issue 15 (HBase, tracing, Kafka, MongoDB, Elasticsearch, gRPC, Tablestore,
// OSS/SLS/MNS v1 and v2, AWS SDK v1 sessions and v2 configurations,
// go-redis, NATS). Service clients of the Alibaba Cloud OpenAPI SDKs and of
// aws-sdk-go(-v2) are matched by package prefix in constructorOf.
var constructors = map[string]Client{
	"database/sql.Open":                                                         {"a database/sql connection pool", Database},
	"database/sql.OpenDB":                                                       {"a database/sql connection pool", Database},
	"github.com/jmoiron/sqlx.Open":                                              {"an sqlx connection pool", Database},
	"github.com/jmoiron/sqlx.Connect":                                           {"an sqlx connection pool", Database},
	"github.com/jmoiron/sqlx.MustConnect":                                       {"an sqlx connection pool", Database},
	"github.com/jmoiron/sqlx.MustOpen":                                          {"an sqlx connection pool", Database},
	"gorm.io/gorm.Open":                                                         {"a gorm connection pool", Database},
	"github.com/jackc/pgx/v5.Connect":                                           {"a PostgreSQL connection", Database},
	"github.com/jackc/pgx/v5.ConnectConfig":                                     {"a PostgreSQL connection", Database},
	"github.com/jackc/pgx/v5/pgxpool.New":                                       {"a pgx connection pool", Database},
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig":                             {"a pgx connection pool", Database},
	"github.com/jackc/pgx/v4.Connect":                                           {"a PostgreSQL connection", Database},
	"github.com/jackc/pgx/v4/pgxpool.Connect":                                   {"a pgx connection pool", Database},
	"github.com/redis/go-redis/v9.NewClient":                                    {"a Redis client", Cache},
	"github.com/redis/go-redis/v9.NewClusterClient":                             {"a Redis cluster client", Cache},
	"github.com/redis/go-redis/v9.NewUniversalClient":                           {"a Redis client", Cache},
	"github.com/redis/go-redis/v9.NewFailoverClient":                            {"a Redis client", Cache},
	"github.com/go-redis/redis/v8.NewClient":                                    {"a Redis client", Cache},
	"github.com/go-redis/redis/v8.NewClusterClient":                             {"a Redis cluster client", Cache},
	"github.com/go-redis/redis/v8.NewUniversalClient":                           {"a Redis client", Cache},
	"github.com/gomodule/redigo/redis.Dial":                                     {"a Redis connection", Cache},
	"github.com/gomodule/redigo/redis.DialURL":                                  {"a Redis connection", Cache},
	"github.com/gomodule/redigo/redis.DialContext":                              {"a Redis connection", Cache},
	"go.mongodb.org/mongo-driver/mongo.Connect":                                 {"a MongoDB client", Database},
	"go.mongodb.org/mongo-driver/mongo.NewClient":                               {"a MongoDB client", Database},
	"go.mongodb.org/mongo-driver/v2/mongo.Connect":                              {"a MongoDB client", Database},
	"google.golang.org/grpc.Dial":                                               {"a gRPC connection", HTTP},
	"google.golang.org/grpc.DialContext":                                        {"a gRPC connection", HTTP},
	"google.golang.org/grpc.NewClient":                                          {"a gRPC connection", HTTP},
	"github.com/aliyun/aliyun-oss-go-sdk/oss.New":                               {"an OSS client", ObjectStorage},
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss.NewClient":                {"an OSS client", ObjectStorage},
	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore.NewClient":           {"a Tablestore client", Database},
	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore.NewClientWithConfig": {"a Tablestore client", Database},
	"github.com/aliyun/aliyun-log-go-sdk.CreateNormalInterface":                 {"an SLS client", HTTP},
	"github.com/aliyun/aliyun-log-go-sdk.CreateNormalInterfaceV2":               {"an SLS client", HTTP},
	"github.com/aliyun/aliyun-mns-go-sdk.NewAliMNSClient":                       {"an MNS client", Queue},
	"github.com/aliyun/aliyun-mns-go-sdk.NewAliMNSClientWithConfig":             {"an MNS client", Queue},
	"github.com/aliyunmq/mq-http-go-sdk.NewAliyunMQClient":                      {"a RocketMQ HTTP client", Queue},
	"github.com/confluentinc/confluent-kafka-go/kafka.NewProducer":              {"a Kafka producer", Queue},
	"github.com/confluentinc/confluent-kafka-go/kafka.NewConsumer":              {"a Kafka consumer", Queue},
	"github.com/confluentinc/confluent-kafka-go/v2/kafka.NewProducer":           {"a Kafka producer", Queue},
	"github.com/confluentinc/confluent-kafka-go/v2/kafka.NewConsumer":           {"a Kafka consumer", Queue},
	"github.com/IBM/sarama.NewSyncProducer":                                     {"a Kafka producer", Queue},
	"github.com/IBM/sarama.NewAsyncProducer":                                    {"a Kafka producer", Queue},
	"github.com/IBM/sarama.NewClient":                                           {"a Kafka client", Queue},
	"github.com/IBM/sarama.NewConsumer":                                         {"a Kafka consumer", Queue},
	"github.com/Shopify/sarama.NewSyncProducer":                                 {"a Kafka producer", Queue},
	"github.com/Shopify/sarama.NewClient":                                       {"a Kafka client", Queue},
	"github.com/segmentio/kafka-go.NewWriter":                                   {"a Kafka writer", Queue},
	"github.com/segmentio/kafka-go.NewReader":                                   {"a Kafka reader", Queue},
	"github.com/segmentio/kafka-go.Dial":                                        {"a Kafka connection", Queue},
	"github.com/rabbitmq/amqp091-go.Dial":                                       {"an AMQP connection", Queue},
	"github.com/rabbitmq/amqp091-go.DialConfig":                                 {"an AMQP connection", Queue},
	"github.com/rabbitmq/amqp091-go.DialTLS":                                    {"an AMQP connection", Queue},
	"github.com/streadway/amqp.Dial":                                            {"an AMQP connection", Queue},
	"github.com/nats-io/nats.go.Connect":                                        {"a NATS connection", Queue},
	"github.com/elastic/go-elasticsearch/v8.NewClient":                          {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v8.NewDefaultClient":                   {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v8.NewTypedClient":                     {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v7.NewClient":                          {"an Elasticsearch client", Database},
	"github.com/aws/aws-sdk-go-v2/config.LoadDefaultConfig":                     {"an AWS SDK configuration (credential chain and HTTP client)", HTTP},
	"github.com/redis/go-redis/v9.NewSentinelClient":                            {"a Redis Sentinel client", Cache},
	"github.com/go-redis/redis/v7.NewClient":                                    {"a Redis client", Cache},
	"github.com/go-redis/redis/v7.NewClusterClient":                             {"a Redis cluster client", Cache},
	"github.com/go-redis/redis.NewClient":                                       {"a Redis client", Cache},
	"github.com/tsuna/gohbase.NewClient":                                        {"an HBase client", Database},
	"github.com/tsuna/gohbase.NewAdminClient":                                   {"an HBase admin client", Database},
	"github.com/sdming/goh.NewTcpClient":                                        {"an HBase Thrift client", Database},
	"github.com/sdming/goh.NewHttpClient":                                       {"an HBase Thrift client", Database},
	"github.com/uber/jaeger-client-go.NewTracer":                                {"a Jaeger tracer", Tracing},
	"(github.com/uber/jaeger-client-go/config.Configuration).NewTracer":         {"a Jaeger tracer", Tracing},
	"(github.com/uber/jaeger-client-go/config.Configuration).InitGlobalTracer":  {"a Jaeger tracer", Tracing},
	"go.opentelemetry.io/otel/exporters/jaeger.New":                             {"a Jaeger trace exporter", Tracing},
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace.New":                     {"an OTLP trace exporter", Tracing},
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc.New":       {"an OTLP gRPC trace exporter", Tracing},
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp.New":       {"an OTLP HTTP trace exporter", Tracing},
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace.New":                 {"a stdout trace exporter", Tracing},
	"go.opentelemetry.io/otel/sdk/trace.NewTracerProvider":                      {"an OpenTelemetry tracer provider (batching goroutine and exporter)", Tracing},
	"github.com/IBM/sarama.NewConsumerGroup":                                    {"a Kafka consumer group", Queue},
	"github.com/IBM/sarama.NewClusterAdmin":                                     {"a Kafka admin client", Queue},
	"github.com/Shopify/sarama.NewAsyncProducer":                                {"a Kafka producer", Queue},
	"github.com/Shopify/sarama.NewConsumer":                                     {"a Kafka consumer", Queue},
	"github.com/Shopify/sarama.NewConsumerGroup":                                {"a Kafka consumer group", Queue},
	"github.com/confluentinc/confluent-kafka-go/v2/kafka.NewAdminClient":        {"a Kafka admin client", Queue},
	"github.com/segmentio/kafka-go.DialContext":                                 {"a Kafka connection", Queue},
	"github.com/segmentio/kafka-go.DialLeader":                                  {"a Kafka connection", Queue},
	"github.com/nats-io/nats.go/jetstream.New":                                  {"a NATS JetStream context", Queue},
	"go.mongodb.org/mongo-driver/v2/mongo.NewClient":                            {"a MongoDB client", Database},
	"github.com/elastic/go-elasticsearch/v7.NewDefaultClient":                   {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v9.NewClient":                          {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v9.NewDefaultClient":                   {"an Elasticsearch client", Database},
	"github.com/elastic/go-elasticsearch/v9.NewTypedClient":                     {"an Elasticsearch client", Database},
	"github.com/olivere/elastic/v7.NewClient":                                   {"an Elasticsearch client", Database},
	"github.com/aliyun/aliyun-log-go-sdk/producer.InitProducer":                 {"an SLS producer (batching goroutines)", HTTP},
	"github.com/aws/aws-sdk-go/aws/session.NewSession":                          {"an AWS SDK v1 session (credential chain and HTTP client)", HTTP},
	"github.com/aws/aws-sdk-go/aws/session.NewSessionWithOptions":               {"an AWS SDK v1 session (credential chain and HTTP client)", HTTP},
	"github.com/aws/aws-sdk-go/aws/session.New":                                 {"an AWS SDK v1 session (credential chain and HTTP client)", HTTP},
}

// extraConstructors holds the user's additions to the catalogue, set with
// the analyzer flag -connhandler.constructors.
var extraConstructors = &constructorList{}

// constructorList is the value of the -connhandler.constructors flag: a
// comma-separated list of callee full names, each optionally followed by
// "=what it builds": "example.com/db.Dial=an internal database client,
// (example.com/hbase.Pool).Open".
type constructorList struct {
	mu sync.RWMutex
	m  map[string]string
}

// String lists the entries, sorted (flag.Value).
func (l *constructorList) String() string {
	if l == nil {
		return ""
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make([]string, 0, len(l.m))
	for full, what := range l.m {
		out = append(out, full+"="+what)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// Set parses the list and replaces the current one (flag.Value).
func (l *constructorList) Set(v string) error {
	m := make(map[string]string)
	for _, entry := range strings.Split(v, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		full, what, _ := strings.Cut(entry, "=")
		full, what = strings.TrimSpace(full), strings.TrimSpace(what)
		if !validFullName(full) {
			return fmt.Errorf("constructor %q: want a function's full name, package path and name (example.com/db.Dial) or a method's ((example.com/db.Pool).Open)", full)
		}
		if what == "" {
			what = "a client (" + full + ", from -connhandler.constructors)"
		}
		m[full] = what
	}
	l.mu.Lock()
	l.m = m
	l.mu.Unlock()
	return nil
}

func (l *constructorList) lookup(full string) (string, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	what, ok := l.m[full]
	return what, ok
}

// validFullName reports whether s looks like a *types.Func full name.
func validFullName(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\n\r\x00") {
		return false
	}
	if strings.HasPrefix(s, "(") {
		i := strings.Index(s, ").")
		return i > 1 && strings.Contains(s[:i], ".") && i+2 < len(s)
	}
	i := strings.LastIndex(s, ".")
	return i > 0 && i+1 < len(s)
}

// constructorOf returns what the callee named full builds, or "".
func constructorOf(full string) string {
	if c, ok := constructors[full]; ok {
		return c.What
	}
	if what, ok := extraConstructors.lookup(full); ok {
		return what
	}
	pkg, name := full, ""
	if i := strings.LastIndex(full, "."); i > 0 && !strings.HasPrefix(full, "(") {
		pkg, name = full[:i], full[i+1:]
	}
	switch {
	case strings.HasPrefix(pkg, "github.com/aliyun/alibaba-cloud-sdk-go/services/") && strings.HasPrefix(name, "NewClient"):
		return "an Alibaba Cloud OpenAPI client"
	case strings.HasPrefix(pkg, "github.com/alibabacloud-go/") && strings.HasSuffix(pkg, "/client") && name == "NewClient":
		return "an Alibaba Cloud OpenAPI client"
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go-v2/service/") && name == "NewFromConfig":
		return "an AWS SDK client"
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go/service/") && name == "New":
		return "an AWS SDK v1 client"
	}
	return ""
}
