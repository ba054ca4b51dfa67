// Package sharedstate defines an Analyzer that reports unsynchronized writes
// to package-level state in request context.
//
// # Analyzer sharedstate
//
// sharedstate: report unsynchronized writes to package-level state from handlers (GO004)
//
// The FC Go SDK runs each invocation in its own goroutine, and an instance
// with instance concurrency above 1 (or a Lambda function with
// AWS_LAMBDA_MAX_CONCURRENCY above 1, or any custom-runtime HTTP server)
// runs several at once. A handler that assigns to a package-level variable,
// or to a map element, slice element or field reachable from one, races
// with the other invocations on the same instance. The analyzer reports
// such writes in request context unless a sync.Mutex or sync.RWMutex is
// locked earlier in the same function (or around every call of the
// function). sync/atomic values, sync.Map, channels and sync.Once bodies
// are not reported. Helpers in other packages that write their package
// state are found through object facts; only the module's own packages
// export them, not versioned dependencies, whose internal state and locking
// are their own business.
package sharedstate
