package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/rules/finding"
)

func init() {
	Register(&Rule{ID: "REL001", Name: "async-no-failure-destination", Severity: finding.Warning,
		Summary: "Asynchronously invoked function without an onFailure destination: failed events are dropped",
		Check:   checkREL001})
	Register(&Rule{ID: "REL002", Name: "oss-trigger-loop", Severity: finding.Error,
		Summary: "OSS trigger on a bucket/prefix the function writes into: every output re-invokes the function",
		Check:   checkREL002})
	Register(&Rule{ID: "REL003", Name: "timeout-beyond-sync-caller", Severity: finding.Warning,
		Summary: "Function timeout longer than its synchronous caller (API Gateway, or a configured HTTP limit) can wait",
		Check:   checkREL003})
	Register(&Rule{ID: "REL004", Name: "runtime-end-of-life", Severity: finding.Warning,
		Summary: "Deprecated FC runtime (warning) or language version past upstream end of life (info)",
		Check:   checkREL004})
	Register(&Rule{ID: "REL005", Name: "no-log-config", Severity: finding.Info,
		Summary: "Function without a log configuration: its logs and errors are not kept",
		Check:   checkREL005})
}

// catalogOf returns the context's catalog, or the embedded one (parsed once)
// when the caller gave none.
func catalogOf(c *Context) *catalog.Catalog {
	if c == nil || c.Catalog == nil {
		return embeddedCatalog()
	}
	return c.Catalog
}

var embeddedCatalog = sync.OnceValue(catalog.Default)

func triggerTypeName(t *model.Trigger) string {
	if v, ok := t.Type.Get(); ok {
		return v
	}
	return t.Type.Text()
}

func checkREL001(p *model.Project, c *Context) []finding.Finding {
	retries := catalogOf(c).Platform.Async.MaxRetries.Value
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.Async != nil && f.Async.OnFailure.Set {
			continue
		}
		var first *model.Trigger
		var kinds []string
		for _, t := range f.Triggers {
			if t.Type.IsKnown() && t.IsAsync() {
				if first == nil {
					first = t
				}
				if k := triggerTypeName(t); !containsString(kinds, k) {
					kinds = append(kinds, k)
				}
			}
		}
		var pos model.Pos
		var what string
		switch {
		case f.Async != nil:
			pos = firstValid(f.Async.Pos, f.Source)
			what = "has an asynchronous invocation configuration without an onFailure destination"
			if len(kinds) > 0 {
				what += " and is invoked asynchronously by " + strings.Join(kinds, ", ") + " triggers"
			}
		case first != nil:
			pos = firstValid(first.Type.Pos, first.Source)
			what = "is invoked asynchronously by " + strings.Join(kinds, ", ") + " triggers and has no onFailure destination"
		default:
			continue
		}
		out = append(out, newFinding("REL001", finding.Warning, pos, f.Key,
			fmt.Sprintf("function %s %s: an event that still fails after the retries (%d by default) is dropped without a trace", funcName(f), what, retries),
			"configure an onFailure destination (an MNS queue or topic, another function, or EventBridge) in the async invocation config (fc3 asyncInvokeConfig.destinationConfig.onFailure; Terraform alicloud_fcv3_async_invoke_config / alicloud_fc_function_async_invoke_config)"))
	}
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// ossCreates reports whether an OSS trigger fires on object creation: its
// events are unset/unknown (assume so) or include an ObjectCreated event.
func ossCreates(o *model.OSSTrigger) bool {
	if len(o.Events) == 0 {
		return true
	}
	for _, e := range o.Events {
		v, ok := e.Get()
		if !ok {
			return true
		}
		if strings.Contains(strings.ToLower(v), "objectcreated") {
			return true
		}
	}
	return false
}

// prefixesOverlap reports whether writing under out can produce a key under
// trigger prefix in: out lies inside in, or in lies inside out.
func prefixesOverlap(in, out string) bool {
	return strings.HasPrefix(out, in) || strings.HasPrefix(in, out)
}

// bucketWrite is evidence that a function writes into a bucket.
type bucketWrite struct {
	Prefix    string // "" = anywhere in the bucket (or not known)
	HasPrefix bool   // an output prefix was named
	Pos       model.Pos
	What      string
}

// locationEnv reports whether an environment variable name looks like an
// object location (a prefix, directory, path or key).
func locationEnv(name string) bool {
	n := strings.ToUpper(name)
	if strings.Contains(n, "ACCESS") || strings.Contains(n, "SECRET") || strings.Contains(n, "API_KEY") || strings.Contains(n, "TOKEN") {
		return false
	}
	for _, w := range []string{"PREFIX", "DIR", "PATH", "FOLDER", "KEY"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// outputEnv reports whether an environment variable name says where the
// function writes (OUTPUT_BUCKET, DEST_PREFIX, RESULT_DIR, THUMBNAIL_PATH...).
func outputEnv(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"OUT", "DEST", "TARGET", "RESULT", "THUMB", "SAVE", "WRITE", "EXPORT", "UPLOAD_TO"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// envBucket is a bucket or output location named by an environment
// variable.
type envBucket struct {
	name, bucket, prefix string
	hasPrefix            bool
	pos                  model.Pos
	output               bool
}

// parseBucketValue reads "b", "oss://b/p", "b/p" when b is bucket, or
// "b.oss-<region>.aliyuncs.com".
func parseBucketValue(v, bucket string) (prefix string, hasPrefix, ok bool) {
	s := strings.TrimPrefix(v, "oss://")
	host := strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	switch {
	case s == bucket:
		return "", false, true
	case strings.HasPrefix(s, bucket+"/"):
		rest := strings.TrimPrefix(s, bucket+"/")
		return rest, rest != "", true
	case strings.HasPrefix(host, bucket+".oss-"):
		return "", false, true
	}
	return "", false, false
}

// envBucketWrites finds evidence in environment variables that the function
// writes into bucket: an output variable naming the bucket (OUTPUT_BUCKET,
// DEST = oss://bucket/out/), or a variable naming the bucket plus an output
// location variable (OUTPUT_PREFIX). A variable that merely names the bucket
// (BUCKET = the trigger's bucket, read to fetch the object) is not evidence.
// The second result is true when an output variable names another bucket:
// the outputs go elsewhere.
func envBucketWrites(f *model.Function, bucket string) ([]bucketWrite, bool) {
	var named []envBucket
	var outPrefixes []envBucket
	elsewhere := false
	for _, e := range f.Env {
		v, ok := e.Value.Get()
		if !ok || v == "" || strings.ContainsAny(v, " \t\n") {
			continue
		}
		pos := firstValid(e.Value.Pos, e.Pos)
		out := outputEnv(e.Name)
		if prefix, hasPrefix, ok := parseBucketValue(v, bucket); ok {
			named = append(named, envBucket{name: e.Name, bucket: bucket, prefix: prefix, hasPrefix: hasPrefix, pos: pos, output: out})
			continue
		}
		switch {
		case out && strings.Contains(strings.ToUpper(e.Name), "BUCKET"):
			elsewhere = true // OUTPUT_BUCKET names another bucket
		case out && locationEnv(e.Name) && !strings.Contains(v, "://"):
			outPrefixes = append(outPrefixes, envBucket{name: e.Name, prefix: strings.TrimPrefix(v, "/"), hasPrefix: true, pos: pos, output: true})
		}
	}
	if elsewhere {
		return nil, true
	}
	var ws []bucketWrite
	for _, n := range named {
		what := fmt.Sprintf("environment variable %s names bucket %s", n.name, bucket)
		switch {
		case n.hasPrefix && n.output:
			ws = append(ws, bucketWrite{Prefix: n.prefix, HasPrefix: true, Pos: n.pos, What: fmt.Sprintf("environment variable %s = oss://%s/%s", n.name, bucket, n.prefix)})
		case len(outPrefixes) > 0:
			for _, pr := range outPrefixes {
				ws = append(ws, bucketWrite{Prefix: pr.prefix, HasPrefix: true, Pos: pr.pos, What: fmt.Sprintf("%s and %s = %q", what, pr.name, pr.prefix)})
			}
		case n.output:
			ws = append(ws, bucketWrite{Pos: n.pos, What: what + " as the output"})
		}
	}
	return ws, false
}

// policyBucketWrites finds Allow statements in the function's role policies
// that let it put objects into bucket b.
func policyBucketWrites(f *model.Function, bucket string) []bucketWrite {
	var out []bucketWrite
	for _, pol := range f.Links.PolicyRefs {
		if pol.Document == nil {
			continue
		}
		for _, st := range pol.Document.Statements {
			if !st.IsAllow() || !grantsPut(st) {
				continue
			}
			for _, r := range st.Resources {
				v, ok := r.Get()
				if !ok {
					continue
				}
				parts := strings.SplitN(v, ":", 5)
				if len(parts) != 5 || !strings.EqualFold(parts[1], "oss") {
					continue
				}
				b, obj, hasObj := strings.Cut(parts[4], "/")
				if b != bucket || !hasObj {
					continue
				}
				prefix := strings.TrimSuffix(obj, "*")
				if strings.ContainsAny(prefix, "*?") {
					prefix = prefix[:strings.IndexAny(prefix, "*?")]
				}
				out = append(out, bucketWrite{Prefix: prefix, HasPrefix: prefix != "", Pos: r.Pos,
					What: fmt.Sprintf("role policy %s allows putting objects into %s", policyName(pol), v)})
			}
		}
	}
	return out
}

func grantsPut(st model.Statement) bool {
	for _, a := range st.Actions {
		v, ok := a.Get()
		if !ok {
			continue
		}
		l := strings.ToLower(strings.TrimSpace(v))
		switch l {
		case "*", "*:*", "oss:*", "oss:put*", "oss:putobject", "oss:postobject", "oss:copyobject", "oss:appendobject", "oss:completemultipartupload":
			return true
		}
	}
	return false
}

func checkREL002(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		for _, t := range f.Triggers {
			if t.OSS == nil || !t.Type.IsKnown() || t.Type.V != model.TriggerOSS {
				continue
			}
			bucket, ok := t.OSS.Bucket.Get()
			if !ok || bucket == "" || !ossCreates(t.OSS) {
				continue
			}
			if t.OSS.Prefix.IsUnknown() {
				continue
			}
			in := t.OSS.Prefix.Or("")
			env, elsewhere := envBucketWrites(f, bucket)
			if elsewhere {
				continue // an output variable names another bucket
			}
			// Explicit evidence of an output prefix outside the trigger's
			// prefix clears the function, whatever its policy allows.
			separated := false
			var loop *bucketWrite
			for i := range env {
				w := env[i]
				if w.HasPrefix && !prefixesOverlap(in, w.Prefix) {
					separated = true
					continue
				}
				if !w.HasPrefix && in != "" {
					continue // writes somewhere in the bucket: not known to be under the prefix
				}
				if loop == nil {
					loop = &env[i]
				}
			}
			if loop == nil && !separated {
				for _, w := range policyBucketWrites(f, bucket) {
					if !w.HasPrefix || prefixesOverlap(in, w.Prefix) {
						w := w
						loop = &w
						break
					}
				}
			}
			if loop == nil {
				continue
			}
			scope := fmt.Sprintf("bucket %s", bucket)
			if in != "" {
				scope = fmt.Sprintf("bucket %s under prefix %q", bucket, in)
			}
			where := "anywhere in the bucket"
			if loop.HasPrefix {
				where = fmt.Sprintf("under %q", loop.Prefix)
			}
			suffix := ""
			if s, ok := t.OSS.Suffix.Get(); ok && s != "" {
				suffix = fmt.Sprintf(" (unless its output keys never end in %q)", s)
			}
			fd := newFinding("REL002", finding.Error, firstValid(t.OSS.Bucket.Pos, t.OSS.Pos, t.Source), f.Key,
				fmt.Sprintf("function %s is triggered by object creation in %s and writes %s of the same bucket (%s): every output re-invokes the function%s, an endless, billed loop", funcName(f), scope, where, loop.What, suffix),
				"write outputs to another bucket, or give the trigger a prefix (e.g. \"input/\") that the outputs (e.g. \"output/\") never fall under")
			fd.Related = []finding.Related{{Location: loc(loop.Pos), Message: loop.What}}
			out = append(out, fd)
		}
	}
	return out
}

// apiGatewayTrigger reports whether a trigger is an API Gateway backend
// binding (type spelled apigw, api_gateway or apigateway).
func apiGatewayTrigger(t *model.Trigger) bool {
	n := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(t.Type.Text()))
	return n == "apigw" || n == "apigateway"
}

func checkREL003(p *model.Project, c *Context) []finding.Finding {
	sync := catalogOf(c).Runtimes.Sync
	var out []finding.Finding
	for _, f := range p.Functions {
		to, ok := f.TimeoutSeconds.Get()
		if !ok {
			continue
		}
		if f.Async != nil && f.Async.AsyncTask.Or(false) {
			continue // long jobs run as async tasks on purpose
		}
		var caller *model.Trigger
		limit := 0
		what := ""
		for _, t := range f.Triggers {
			switch {
			case apiGatewayTrigger(t) && sync.APIGatewaySharedMaxSeconds.Value > 0 && to > sync.APIGatewaySharedMaxSeconds.Value:
				caller, limit = t, sync.APIGatewaySharedMaxSeconds.Value
				what = fmt.Sprintf("an API Gateway backend waits at most %d s (%d s on a dedicated instance)", limit, sync.APIGatewayDedicatedMaxSeconds.Value)
			case t.Type.IsKnown() && t.Type.V == model.TriggerHTTP && sync.HTTPTriggerMaxSeconds.Value > 0 && to > sync.HTTPTriggerMaxSeconds.Value:
				caller, limit = t, sync.HTTPTriggerMaxSeconds.Value
				what = fmt.Sprintf("a synchronous HTTP request waits at most %d s (catalog runtimes.sync.httpTriggerMaxSeconds)", limit)
			}
			if caller != nil {
				break
			}
		}
		if caller == nil {
			continue
		}
		fd := newFinding("REL003", finding.Warning, firstValid(f.TimeoutSeconds.Pos, f.Source), f.Key,
			fmt.Sprintf("function %s has a %d s timeout but %s: longer requests fail at the caller while the function keeps running and is billed", funcName(f), to, what),
			fmt.Sprintf("keep the timeout at or below %d s for synchronous callers, or invoke the long work asynchronously (X-Fc-Invocation-Type: Async, async task) and return at once", limit))
		fd.Related = []finding.Related{{Location: loc(firstValid(caller.Type.Pos, caller.Source)), Message: "synchronous caller: " + caller.Type.Text() + " trigger"}}
		out = append(out, fd)
	}
	return out
}

func checkREL004(p *model.Project, c *Context) []finding.Finding {
	rt := catalogOf(c).Runtimes
	var out []finding.Finding
	for _, f := range p.Functions {
		r, ok := f.Runtime.Get()
		if !ok {
			continue
		}
		l, listed := rt.Status(r)
		if !listed {
			continue
		}
		switch l.Status {
		case catalog.RuntimeDeprecated:
			out = append(out, newFinding("REL004", finding.Warning, f.Runtime.Pos, f.Key,
				fmt.Sprintf("runtime %s of function %s is deprecated by Function Compute (since %s): it gets no security patches and may stop accepting deployments", r, funcName(f), l.Date),
				"move to "+l.Replacement))
		case catalog.RuntimeUpstreamEOL:
			out = append(out, newFinding("REL004", finding.Info, f.Runtime.Pos, f.Key,
				fmt.Sprintf("runtime %s of function %s is past its upstream end of life (%s): the language version gets no security fixes, although FC still runs it", r, funcName(f), l.Date),
				"move to "+l.Replacement))
		}
	}
	return out
}

// logConfigured reports whether the function sends logs somewhere: a log
// configuration, or a layer that ships logs itself.
func logConfigured(f *model.Function) bool {
	if logLayer(f) != "" {
		return true
	}
	if f.Log == nil {
		return false
	}
	return f.Log.Auto || f.Log.Project.Set || f.Log.Logstore.Set
}

// logLayerWords, in a layer's name or ARN, mark a layer that collects and
// ships the function's logs (an SLS/Logtail/LoongCollector extension, an
// OpenTelemetry collector): such a function has logs without logConfig.
var logLayerWords = []string{"sls", "logtail", "loongcollector", "logging", "log-extension", "log_extension", "logextension", "otel", "opentelemetry", "log-agent", "logagent"}

// logLayer returns the first layer of f that ships logs, or "".
func logLayer(f *model.Function) string {
	for _, l := range f.Layers {
		v := strings.ToLower(l.Text())
		if i := strings.LastIndex(v, "layers/"); i >= 0 {
			v = v[i+len("layers/"):]
		}
		for _, w := range logLayerWords {
			if strings.Contains(v, w) {
				return l.Text()
			}
		}
	}
	return ""
}

// checkREL005 reports functions without logs once per file (a project's
// s.yaml or Terraform file), at the first such function, listing them all:
// a project that configures no logs does so for every function, and one
// finding per function is noise.
func checkREL005(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	type group struct {
		first *model.Function
		pos   model.Pos
		names []string
		rest  []finding.Related
	}
	var order []string
	groups := map[string]*group{}
	for _, f := range p.Functions {
		if logConfigured(f) {
			continue
		}
		pos := firstValid(f.Name.Pos, f.Source)
		if f.Log != nil {
			pos = firstValid(f.Log.Pos, pos)
		}
		g := groups[pos.File]
		if g == nil {
			g = &group{first: f, pos: pos}
			groups[pos.File] = g
			order = append(order, pos.File)
		} else {
			g.rest = append(g.rest, finding.Related{Location: loc(pos), Message: "also without logs: function " + funcName(f)})
		}
		g.names = append(g.names, funcName(f))
	}
	for _, file := range order {
		g := groups[file]
		msg := fmt.Sprintf("function %s has no log configuration: its stdout, errors and request logs are not kept, so failures cannot be diagnosed afterwards", funcName(g.first))
		if len(g.names) > 1 {
			listed := g.names
			if len(listed) > 10 {
				listed = append(append([]string(nil), listed[:10]...), fmt.Sprintf("and %d more", len(g.names)-10))
			}
			msg = fmt.Sprintf("%d functions have no log configuration (%s): their stdout, errors and request logs are not kept, so failures cannot be diagnosed afterwards", len(g.names), strings.Join(listed, ", "))
		}
		fd := newFinding("REL005", finding.Info, g.pos, g.first.Key, msg,
			"set logConfig: auto (Serverless Devs; in a shared vars block to cover every function) or log_config { project, logstore } (Terraform), or attach a log-shipping layer")
		fd.Related = g.rest
		out = append(out, fd)
	}
	return out
}
