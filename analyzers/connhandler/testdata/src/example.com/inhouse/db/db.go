// Package db is an in-house client library the catalogue does not know.
package db

type Conn struct{}

func Dial(addr string) (*Conn, error) { return &Conn{}, nil }
func (c *Conn) Close() error          { return nil }

type Pool struct{}

func (p *Pool) Get() *Conn { return &Conn{} }
