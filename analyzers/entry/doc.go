// Package entry finds the entry points of a Function Compute (or AWS Lambda,
// or custom-runtime HTTP) Go program and splits its code into request context
// and init context.
//
// # Analyzer entry
//
// entry: find handler entry points and init context for fcplan's analyzers
//
// Request context is everything reachable from a handler: functions passed to
// the FC Go SDK (fc.Start, fc.StartHttp, fc.StartHandler, fc.StartWithContext,
// fc.StartHandlerWithContext), to aws-lambda-go (lambda.Start,
// lambda.StartWithOptions, lambda.StartHandlerFunc, lambda.StartHandler,
// lambda.StartWithContext, lambdaurl.Start) and to HTTP route registration
// (net/http HandleFunc/Handle and ServeMux methods, gin, echo and chi), with
// closures, method values and handler types (ServeHTTP, Invoke).
//
// Handlers registered through wrappers are found too: fc.Start(wrap(h)),
// lambda.Start(otellambda.InstrumentHandler(h)), chain(mw1, mw2)(h) and
// http.Handle("/", logging(auth(http.HandlerFunc(serve)))). Inside a
// registered wrapper call (up to four deep), an argument that is a
// handler-shaped function value (first parameter a context.Context, or an
// http.ResponseWriter and an *http.Request) is a handler, and a wrapper or
// middleware declared in the package contributes the handler-shaped
// function literals it returns; the wrapper's own body stays init context.
//
// Init context is package variable initializers, init functions, main, the
// functions passed to fc.RegisterInitializerFunction, the custom runtime's
// /initialize (and /pre-stop, /pre-freeze) routes, and the bodies run by
// sync.Once.Do, sync.OnceFunc, sync.OnceValue and sync.OnceValues.
//
// Reachability within a package follows static calls, references to
// functions and method values, and closures, over a call graph built from
// the syntax tree and type information. It deliberately does not use SSA:
// buildssa refuses packages with type errors, while fcplan vet must keep
// working when some imports cannot be resolved, and then matches callees by
// import path and selector instead of by *types.Func. Edges into sync.Once
// bodies and into registered handlers are cut, so lazily initialised clients
// are init context and handlers defined inside main are request context.
//
// Across packages, each rule analyzer exports its own small object facts
// ("this function creates a long-lived client") computed with Propagate.
package entry
