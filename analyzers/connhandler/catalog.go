package connhandler

import "strings"

// constructors maps a full callee name to what it builds. The catalogue
// follows FACTS.md section 4.
var constructors = map[string]string{
	"database/sql.Open":                                                         "a database/sql connection pool",
	"database/sql.OpenDB":                                                       "a database/sql connection pool",
	"github.com/jmoiron/sqlx.Open":                                              "an sqlx connection pool",
	"github.com/jmoiron/sqlx.Connect":                                           "an sqlx connection pool",
	"github.com/jmoiron/sqlx.MustConnect":                                       "an sqlx connection pool",
	"github.com/jmoiron/sqlx.MustOpen":                                          "an sqlx connection pool",
	"gorm.io/gorm.Open":                                                         "a gorm connection pool",
	"github.com/jackc/pgx/v5.Connect":                                           "a PostgreSQL connection",
	"github.com/jackc/pgx/v5.ConnectConfig":                                     "a PostgreSQL connection",
	"github.com/jackc/pgx/v5/pgxpool.New":                                       "a pgx connection pool",
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig":                             "a pgx connection pool",
	"github.com/jackc/pgx/v4.Connect":                                           "a PostgreSQL connection",
	"github.com/jackc/pgx/v4/pgxpool.Connect":                                   "a pgx connection pool",
	"github.com/redis/go-redis/v9.NewClient":                                    "a Redis client",
	"github.com/redis/go-redis/v9.NewClusterClient":                             "a Redis cluster client",
	"github.com/redis/go-redis/v9.NewUniversalClient":                           "a Redis client",
	"github.com/redis/go-redis/v9.NewFailoverClient":                            "a Redis client",
	"github.com/go-redis/redis/v8.NewClient":                                    "a Redis client",
	"github.com/go-redis/redis/v8.NewClusterClient":                             "a Redis cluster client",
	"github.com/go-redis/redis/v8.NewUniversalClient":                           "a Redis client",
	"github.com/gomodule/redigo/redis.Dial":                                     "a Redis connection",
	"github.com/gomodule/redigo/redis.DialURL":                                  "a Redis connection",
	"github.com/gomodule/redigo/redis.DialContext":                              "a Redis connection",
	"go.mongodb.org/mongo-driver/mongo.Connect":                                 "a MongoDB client",
	"go.mongodb.org/mongo-driver/mongo.NewClient":                               "a MongoDB client",
	"go.mongodb.org/mongo-driver/v2/mongo.Connect":                              "a MongoDB client",
	"google.golang.org/grpc.Dial":                                               "a gRPC connection",
	"google.golang.org/grpc.DialContext":                                        "a gRPC connection",
	"google.golang.org/grpc.NewClient":                                          "a gRPC connection",
	"github.com/aliyun/aliyun-oss-go-sdk/oss.New":                               "an OSS client",
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss.NewClient":                "an OSS client",
	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore.NewClient":           "a Tablestore client",
	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore.NewClientWithConfig": "a Tablestore client",
	"github.com/aliyun/aliyun-log-go-sdk.CreateNormalInterface":                 "an SLS client",
	"github.com/aliyun/aliyun-log-go-sdk.CreateNormalInterfaceV2":               "an SLS client",
	"github.com/aliyun/aliyun-mns-go-sdk.NewAliMNSClient":                       "an MNS client",
	"github.com/aliyun/aliyun-mns-go-sdk.NewAliMNSClientWithConfig":             "an MNS client",
	"github.com/aliyunmq/mq-http-go-sdk.NewAliyunMQClient":                      "a RocketMQ HTTP client",
	"github.com/confluentinc/confluent-kafka-go/kafka.NewProducer":              "a Kafka producer",
	"github.com/confluentinc/confluent-kafka-go/kafka.NewConsumer":              "a Kafka consumer",
	"github.com/confluentinc/confluent-kafka-go/v2/kafka.NewProducer":           "a Kafka producer",
	"github.com/confluentinc/confluent-kafka-go/v2/kafka.NewConsumer":           "a Kafka consumer",
	"github.com/IBM/sarama.NewSyncProducer":                                     "a Kafka producer",
	"github.com/IBM/sarama.NewAsyncProducer":                                    "a Kafka producer",
	"github.com/IBM/sarama.NewClient":                                           "a Kafka client",
	"github.com/IBM/sarama.NewConsumer":                                         "a Kafka consumer",
	"github.com/Shopify/sarama.NewSyncProducer":                                 "a Kafka producer",
	"github.com/Shopify/sarama.NewClient":                                       "a Kafka client",
	"github.com/segmentio/kafka-go.NewWriter":                                   "a Kafka writer",
	"github.com/segmentio/kafka-go.NewReader":                                   "a Kafka reader",
	"github.com/segmentio/kafka-go.Dial":                                        "a Kafka connection",
	"github.com/rabbitmq/amqp091-go.Dial":                                       "an AMQP connection",
	"github.com/rabbitmq/amqp091-go.DialConfig":                                 "an AMQP connection",
	"github.com/rabbitmq/amqp091-go.DialTLS":                                    "an AMQP connection",
	"github.com/streadway/amqp.Dial":                                            "an AMQP connection",
	"github.com/nats-io/nats.go.Connect":                                        "a NATS connection",
	"github.com/elastic/go-elasticsearch/v8.NewClient":                          "an Elasticsearch client",
	"github.com/elastic/go-elasticsearch/v8.NewDefaultClient":                   "an Elasticsearch client",
	"github.com/elastic/go-elasticsearch/v8.NewTypedClient":                     "an Elasticsearch client",
	"github.com/elastic/go-elasticsearch/v7.NewClient":                          "an Elasticsearch client",
	"github.com/aws/aws-sdk-go-v2/config.LoadDefaultConfig":                     "an AWS SDK configuration (credential chain and HTTP client)",
}

// constructorOf returns what the callee named full builds, or "".
func constructorOf(full string) string {
	if c, ok := constructors[full]; ok {
		return c
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
	}
	return ""
}
