// Package handlerwait defines an Analyzer that reports billed idle time in
// request context.
//
// # Analyzer handlerwait
//
// handlerwait: report sleeping, unbounded waits and detached contexts in handlers (GO003)
//
// Function Compute bills the instance for the whole time a request runs,
// waiting included. In request context the analyzer reports time.Sleep
// (and polling loops that sleep), HTTP calls through a client without a
// Timeout (http.Get, http.Post, http.DefaultClient, http.Client{} with no
// Timeout field), and downstream calls given context.Background() or
// context.TODO() while the handler's ctx, which carries the function's
// deadline, is in scope; for those it suggests replacing the detached
// context with ctx. Helpers in other packages that sleep are found through
// object facts; only the module's own packages export them, not versioned
// dependencies, whose retry back-offs are their own business.
package handlerwait
