// Package lifecycle defines an Analyzer that reports misuse of the FC Go
// SDK's lifecycle hooks and deprecated entry points.
//
// # Analyzer lifecycle
//
// lifecycle: report FC lifecycle hooks registered too late and deprecated fc.StartHttp (GO005)
//
// fc.RegisterInitializerFunction, fc.RegisterPreStopFunction and
// fc.RegisterPreFreezeFunction append to a list that fc.Start reads when it
// starts; fc.Start then blocks forever. A hook registered after the blocking
// start call in main, or from inside a handler, never runs: the initializer
// never opens its connections and the pre-stop hook never flushes. The
// analyzer also reports fc.StartHttp, deprecated in March 2025 and only
// supported on FC 2.0, at info severity, with the SDK's own advice (use
// StartHandler instead). Positions are compared within one function only, so
// a directory holding several programs (files with their own main) is not
// misread.
package lifecycle
