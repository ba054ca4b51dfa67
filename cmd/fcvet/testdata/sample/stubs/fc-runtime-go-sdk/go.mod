module github.com/aliyun/fc-runtime-go-sdk

go 1.22
