package main

import (
	"context"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fcclient "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

const accessKeyID = "LTAI5tAbCdEfGhIjKlMnOpQr" // want `GO002: hard-coded AccessKey ID LTAI\*\*\*\*\.\.\.OpQr`

var client, _ = oss.New("oss-cn-hangzhou.aliyuncs.com", accessKeyID, "k8sJd92kLmNq0pRsTuVwXyZ12345ab") // want `GO002: hard-coded AccessKey secret \*\*\*\*\.\.\.45ab passed to oss.New \(accessKeySecret\); anyone with the source`

func HandleRequest(ctx context.Context) error {
	secret := "Zq9Wm3Lp0Xk7Rt5Yv2Nb8Hc4Jd6Fg1" // want `GO002: hard-coded AccessKey secret \*\*\*\*\.\.\.6Fg1 passed to client.Config.AccessKeySecret`
	config := &openapi.Config{
		AccessKeyId:     tea.String("LTAI5tZyXwVuTsRqPoNmLkJi"), // want `GO002: hard-coded AccessKey ID LTAI\*\*\*\*\.\.\.LkJi`
		AccessKeySecret: tea.String(secret),
	}
	config.SecurityToken = tea.String("CAIS8gF1q6Ft5B2yfSjIr5bSEtH") // want `GO002: hard-coded AccessKey secret \*\*\*\*\.\.\.SEtH passed to field SecurityToken`
	_, err := fcclient.NewClient(config)
	return err
}

func main() {
	fc.Start(HandleRequest)
}
