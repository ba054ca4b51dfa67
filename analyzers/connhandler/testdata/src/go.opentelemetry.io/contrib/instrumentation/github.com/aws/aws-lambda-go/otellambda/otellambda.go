// Package otellambda is a stub of the OpenTelemetry aws-lambda-go
// instrumentation.
package otellambda

type Option func()

func InstrumentHandler(handlerFunc interface{}, options ...Option) interface{} { return handlerFunc }
