// Package nats is a stub of github.com/nats-io/nats.go.
package nats

type Conn struct{}

func (c *Conn) Close() {}

func Connect(url string) (*Conn, error) { return &Conn{}, nil }
