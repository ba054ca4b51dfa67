package main

import (
	"context"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var config = &openapi.Config{
	AccessKeyId:     tea.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")),
	AccessKeySecret: tea.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")),
	Endpoint:        tea.String("fc.cn-hangzhou.aliyuncs.com"),
}

var bucket *oss.Client

func init() {
	bucket, _ = oss.New("oss-cn-hangzhou.aliyuncs.com", os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"), "<your-access-key-secret>")
}

func HandleRequest(ctx context.Context) error {
	_ = bucket
	return nil
}

func main() {
	fc.Start(HandleRequest)
}
