package secret

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"sort"
	"strings"
	"sync"
)

// MinKnownLen is the shortest value a Registry accepts. Shorter values
// ("dev", "true", a port) would mask ordinary words everywhere in a report,
// so a credential shorter than this is not protected by the registry; the
// name-based masking (MaskValue, MaskText) still applies to it.
const MinKnownLen = 8

// Registry is the set of secret values one fcplan run knows: values given
// with --env, --var or in a --var-file under a credential name (IsName) or
// for a Terraform variable declared sensitive, sensitive variable defaults,
// and values a Terraform plan marks sensitive. A Writer masks every
// occurrence of them in what fcplan writes, whatever put them there (a
// function named after ${env('DB_PASSWORD')}, an error message).
//
// Values shorter than MinKnownLen and placeholders (IsPlaceholder) are
// ignored. A Registry is safe for concurrent use; the zero value is empty
// and ready, and a nil *Registry ignores Add.
type Registry struct {
	mu     sync.RWMutex
	forms  map[string]bool
	sorted []string // forms, longest first then lexically: deterministic
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry { return &Registry{} }

// Add records v as a known secret. It also records the forms v takes once
// escaped in JSON and HTML, so a report in those formats is masked too.
func (r *Registry) Add(v string) {
	if r == nil {
		return
	}
	v = strings.TrimSpace(v)
	if len(v) < MinKnownLen || IsPlaceholder(v) || IsMasked(v) {
		return
	}
	forms := []string{v, html.EscapeString(v)}
	if b, err := json.Marshal(v); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.forms == nil {
		r.forms = map[string]bool{}
	}
	changed := false
	for _, f := range forms {
		if !r.forms[f] {
			r.forms[f] = true
			changed = true
		}
	}
	if !changed {
		return
	}
	r.sorted = r.sorted[:0]
	for f := range r.forms {
		r.sorted = append(r.sorted, f)
	}
	sort.Slice(r.sorted, func(i, j int) bool {
		a, b := r.sorted[i], r.sorted[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
}

// Len returns how many forms of known values the registry holds.
func (r *Registry) Len() int {
	if r == nil {
		return 0
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.sorted)
}

// values returns the known forms, longest first. The slice is shared: callers
// only read it.
func (r *Registry) values() []string {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.sorted[:len(r.sorted):len(r.sorted)]
}

// MaskKnown returns s with every occurrence of a known value replaced by its
// Mask.
func (r *Registry) MaskKnown(s string) string {
	vals := r.values()
	if len(vals) == 0 {
		return s
	}
	spans := knownSpans([]byte(s), vals)
	if len(spans) == 0 {
		return s
	}
	return string(applyKnown([]byte(s), spans))
}

// knownSpans returns the merged spans of b that hold a known value.
func knownSpans(b []byte, vals []string) []span {
	var spans []span
	for _, v := range vals {
		vb := []byte(v)
		for off := 0; off < len(b); {
			i := bytes.Index(b[off:], vb)
			if i < 0 {
				break
			}
			spans = append(spans, span{off + i, off + i + len(vb)})
			off += i + len(vb)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	return mergeSpans(spans)
}

// applyKnown replaces each span of b with the Mask of its text.
func applyKnown(b []byte, spans []span) []byte {
	out := make([]byte, 0, len(b))
	last := 0
	for _, sp := range spans {
		out = append(out, b[last:sp.start]...)
		out = append(out, Mask(string(b[sp.start:sp.end]))...)
		last = sp.end
	}
	return append(out, b[last:]...)
}

// Writer masks every known value of a Registry in what is written through
// it: the last line of defence for everything fcplan writes (stdout,
// stderr, -o files, --html, baselines). A value split across two writes is
// still masked: the Writer holds back a trailing part of a write that could
// begin a known value until the next write or Flush. With an empty Registry
// it writes straight through.
type Writer struct {
	reg     *Registry
	w       io.Writer
	pending []byte
	mu      sync.Mutex
}

// NewWriter returns a Writer to w that masks the values of reg.
func NewWriter(w io.Writer, reg *Registry) *Writer { return &Writer{reg: reg, w: w} }

// Unwrap returns the writer being masked (to tell whether it is a terminal).
func (w *Writer) Unwrap() io.Writer { return w.w }

// Registry returns the registry whose values the Writer masks.
func (w *Writer) Registry() *Registry { return w.reg }

// Write masks p and writes all of it but a held-back tail that could begin a
// known value. It reports len(p) on success.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	vals := w.reg.values()
	if len(vals) == 0 && len(w.pending) == 0 {
		return w.w.Write(p)
	}
	buf := append(w.pending, p...)
	w.pending = nil
	spans := knownSpans(buf, vals)
	hold := heldBack(buf, spans, vals)
	cut := len(buf) - hold
	out := applyKnown(buf[:cut], spans)
	w.pending = append([]byte(nil), buf[cut:]...)
	if _, err := w.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what Write held back.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	b := w.pending
	w.pending = nil
	_, err := w.w.Write(applyKnown(b, knownSpans(b, w.reg.values())))
	return err
}

// heldBack returns the length of the longest tail of b, after the last span,
// that is a proper prefix of a known value.
func heldBack(b []byte, spans []span, vals []string) int {
	floor := 0
	if len(spans) > 0 {
		floor = spans[len(spans)-1].end
	}
	best := 0
	for _, v := range vals {
		vb := []byte(v)
		n := len(v) - 1
		if n > len(b)-floor {
			n = len(b) - floor
		}
		for k := n; k > best; k-- {
			if bytes.HasPrefix(vb, b[len(b)-k:]) {
				best = k
				break
			}
		}
	}
	return best
}

type registryKey struct{}

// WithRegistry returns ctx carrying reg, the registry of one run.
func WithRegistry(ctx context.Context, reg *Registry) context.Context {
	return context.WithValue(ctx, registryKey{}, reg)
}

// RegistryFrom returns the registry ctx carries, or nil.
func RegistryFrom(ctx context.Context) *Registry {
	if ctx == nil {
		return nil
	}
	reg, _ := ctx.Value(registryKey{}).(*Registry)
	return reg
}
