// Package client is a stub of a Tea-style OpenAPI client.
package client

import openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"

type Client struct{}

func NewClient(config *openapi.Config) (*Client, error) { return &Client{}, nil }
