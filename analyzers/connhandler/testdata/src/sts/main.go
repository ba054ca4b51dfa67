package main

import (
	"context"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fcclient "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aliyun/fc-runtime-go-sdk/fccontext"
)

func HandleRequest(ctx context.Context) error {
	fctx, _ := fccontext.FromContext(ctx)
	creds := fctx.Credentials
	client, err := oss.New("oss-cn-hangzhou.aliyuncs.com", creds.AccessKeyId, creds.AccessKeySecret, oss.SecurityToken(creds.SecurityToken)) // want `GO001: oss.New builds an OSS client from the invocation's temporary STS credentials`
	if err != nil {
		return err
	}
	_ = client
	config := &openapi.Config{
		AccessKeyId:     tea.String(fctx.Credentials.AccessKeyId),
		AccessKeySecret: tea.String(fctx.Credentials.AccessKeySecret),
		SecurityToken:   tea.String(fctx.Credentials.SecurityToken),
	}
	api, err := fcclient.NewClient(config) // want `GO001: client.NewClient builds an Alibaba Cloud OpenAPI client from the invocation's temporary STS credentials`
	_ = api
	return err
}

func main() {
	fc.Start(HandleRequest)
}
