package main

import (
	"context"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aliyun/fc-runtime-go-sdk/fccontext"
)

func HandleRequest(ctx context.Context) error {
	_, _ = oss.New("endpoint", "", "")
	_, _ = oss.New("endpoint", "xxxxxxxxxxxxxxxx", "<your-access-key-secret>")
	_, _ = oss.New("endpoint", "${ALIBABA_CLOUD_ACCESS_KEY_ID}", "{{ .Secret }}")
	_, _ = oss.New("endpoint", os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"), os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET"))
	_ = &openapi.Config{
		AccessKeyId:     tea.String("ALIBABA_CLOUD_ACCESS_KEY_ID"),
		AccessKeySecret: tea.String("your-secret-here-please"),
		Endpoint:        tea.String("fc.cn-hangzhou.aliyuncs.com"),
	}
	fctx, _ := fccontext.FromContext(ctx)
	_, _ = oss.New("endpoint", fctx.Credentials.AccessKeyId, fctx.Credentials.AccessKeySecret)
	_ = "LTAIxxxxxxxxxxxxxxxxxxxx"
	_ = "prefixLTAI5tAbCdEfGhIjKlMnOpQrSt" // embedded in a longer word: not a key ID
	return nil
}

func main() {
	fc.Start(HandleRequest)
}
