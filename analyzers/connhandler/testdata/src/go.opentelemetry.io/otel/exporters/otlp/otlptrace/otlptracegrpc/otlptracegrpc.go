// Package otlptracegrpc is a stub of the OTLP gRPC trace exporter.
package otlptracegrpc

import "context"

type Exporter struct{}

func (e *Exporter) Shutdown(ctx context.Context) error { return nil }

func New(ctx context.Context) (*Exporter, error) { return &Exporter{}, nil }
