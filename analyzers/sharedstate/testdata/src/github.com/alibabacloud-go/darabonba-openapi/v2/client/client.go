// Package client is a stub of darabonba-openapi's Config.
package client

type Config struct {
	AccessKeyId     *string
	AccessKeySecret *string
	SecurityToken   *string
	Endpoint        *string
}
