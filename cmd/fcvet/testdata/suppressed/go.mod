module example.com/suppressed

go 1.22

require github.com/aliyun/fc-runtime-go-sdk v0.0.0

replace github.com/aliyun/fc-runtime-go-sdk => ../sample/stubs/fc-runtime-go-sdk
