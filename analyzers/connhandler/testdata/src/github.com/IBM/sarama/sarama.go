// Package sarama is a stub of github.com/IBM/sarama.
package sarama

type Config struct{}

type SyncProducer interface{ Close() error }

type producer struct{}

func (producer) Close() error { return nil }

func NewConfig() *Config { return &Config{} }

func NewSyncProducer(addrs []string, c *Config) (SyncProducer, error) { return producer{}, nil }
