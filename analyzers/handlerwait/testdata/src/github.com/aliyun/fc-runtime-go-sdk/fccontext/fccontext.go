// Package fccontext is a stub of the FC Go SDK invocation context.
package fccontext

import "context"

type Credentials struct {
	AccessKeyId     string
	AccessKeySecret string
	SecurityToken   string
}

type FcContext struct {
	RequestID   string
	Credentials Credentials
}

func FromContext(ctx context.Context) (*FcContext, bool) { return nil, false }
