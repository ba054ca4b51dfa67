// Package connhandler defines an Analyzer that reports long-lived clients and
// connection pools constructed in request context.
//
// # Analyzer connhandler
//
// connhandler: report database, cache, queue and cloud SDK clients created per request (GO001)
//
// A Function Compute instance serves many invocations. A client built inside
// the handler (sql.Open, redis.NewClient, gorm.Open, oss.New, grpc.Dial, an
// http.Transport, ...) opens new connections on every invocation, so a burst
// of N concurrent requests opens N connections and can take the database
// down: 2,000 instances opened 2,000 connections. Build the client once per
// instance, in init(), a package-level variable, sync.Once, or the function
// registered with fc.RegisterInitializerFunction, and reuse it.
//
// Clients built from the invocation's temporary STS credentials
// (fccontext.FromContext(ctx).Credentials) cannot simply move to init: they
// get a separate, lower-severity diagnostic asking to cache the client and
// rebuild it when the credentials change.
//
// A client opened with c.Open() and closed by defer c.Close() in the
// handler is reported even when c was built at init: each request opens a
// connection. A construction behind a nil check on a package-level variable
// or a field (if db == nil { db, _ = sql.Open(...) }) runs once per
// instance; it gets its own info-level message (category GO001/lazy).
//
// The catalogue (catalog.go) is one table keyed by *types.Func full name:
// what each constructor builds and its kind (database, cache, queue, http,
// tracing, object storage).
//
// Constructors are matched by package path and function name; helpers in
// other packages that construct clients are found through object facts, so
// the check also works under go vet -vettool.
package connhandler
