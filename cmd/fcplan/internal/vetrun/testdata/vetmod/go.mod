module example.com/vetmod

go 1.22

require github.com/aliyun/fc-runtime-go-sdk v0.0.0

replace github.com/aliyun/fc-runtime-go-sdk => ../../../../../fcvet/testdata/sample/stubs/fc-runtime-go-sdk
