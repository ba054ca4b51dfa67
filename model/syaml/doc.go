// Package syaml loads Serverless Devs configuration files (s.yaml / s.yml)
// into the fcplan model.
//
// It reads edition 3.x files whose `resources` use the fc3 component (also
// pinned versions such as fc3@dev and local builds named by a path or
// ${path(...)}), edition 1.x/2.x files whose `services` use the legacy fc
// component (fc, devsapp/fc), and `component: ram` resources (best effort).
//
// Every attribute keeps the file, line and column of its value (of its key
// for environment variables); a function's Source is its resource key.
//
// Variables are resolved statically: ${vars.x} (nested paths),
// ${env('X')}, ${env('X', 'default')}, ${env.X}, ${config('AccountID')},
// ${resources.x.props.y} (from the other resource's props),
// ${resources.x.output.y} (always unknown, with a Ref), ${this.props.y},
// ${this.name}, ${path('..')} (its text) and ${file('x')} (unknown). Template
// placeholders {{ name }} are unknown; {{ name | default }} and
// {{ name | 'default' }} resolve to the default and are known, the value
// `s init` fills in when the user accepts it. A value that is exactly one
// expression takes the expression's type (memorySize: ${vars.mem} is an
// integer); a mixed string is a string. Anything that cannot be evaluated is
// an unknown value with its original text, never an error. The process
// environment is never read: Options.Env supplies it.
//
// Unknown fc3 props produce warnings with a did-you-mean from the fc3
// component's JSON schema (embedded, MIT, see fc3-props.schema.README.md);
// a value of the wrong type is an error naming file:line:col and the
// expected type, and loading continues with the rest of the file.
package syaml
