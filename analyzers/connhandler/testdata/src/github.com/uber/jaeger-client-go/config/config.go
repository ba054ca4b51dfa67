// Package config is a stub of github.com/uber/jaeger-client-go/config.
package config

import "io"

type Tracer interface{}

type Configuration struct{ ServiceName string }

func (c Configuration) NewTracer() (Tracer, io.Closer, error) { return nil, nil, nil }
