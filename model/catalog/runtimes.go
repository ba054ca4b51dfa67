package catalog

import "strings"

// Runtimes is the catalog section in data/runtimes.yaml: the lifecycle of FC
// runtimes and the limits of synchronous callers. The default timeout (3 s)
// and instance concurrency (1) live in Platform.
type Runtimes struct {
	// Lifecycle maps a runtime identifier (nodejs12, python3.9) to its
	// status. Runtimes not listed are current.
	Lifecycle map[string]RuntimeLifecycle `yaml:"lifecycle" json:"lifecycle"`
	// Sync holds how long synchronous callers wait.
	Sync SyncLimits `yaml:"sync" json:"sync"`
}

// Runtime lifecycle statuses.
const (
	// RuntimeDeprecated: Alibaba Cloud flags the runtime as deprecated.
	RuntimeDeprecated = "deprecated"
	// RuntimeUpstreamEOL: FC still offers the runtime but the language
	// version is past its upstream end of life.
	RuntimeUpstreamEOL = "upstream-eol"
)

// RuntimeLifecycle is the status of one runtime.
type RuntimeLifecycle struct {
	Status string `yaml:"status" json:"status"`
	// Date is when the status took effect (YYYY-MM-DD).
	Date        string `yaml:"date" json:"date"`
	Replacement string `yaml:"replacement" json:"replacement"`
	Source      Source `yaml:"source" json:"source"`
}

// SyncLimits are the longest waits of synchronous callers, in seconds.
type SyncLimits struct {
	HTTPTriggerMaxSeconds         IntFigure `yaml:"httpTriggerMaxSeconds" json:"httpTriggerMaxSeconds"`
	APIGatewaySharedMaxSeconds    IntFigure `yaml:"apiGatewaySharedMaxSeconds" json:"apiGatewaySharedMaxSeconds"`
	APIGatewayDedicatedMaxSeconds IntFigure `yaml:"apiGatewayDedicatedMaxSeconds" json:"apiGatewayDedicatedMaxSeconds"`
}

// Status returns the lifecycle entry of a runtime identifier
// (case-insensitive) and whether it is listed.
func (r Runtimes) Status(runtime string) (RuntimeLifecycle, bool) {
	id := strings.ToLower(strings.TrimSpace(runtime))
	if l, ok := r.Lifecycle[id]; ok {
		return l, true
	}
	return RuntimeLifecycle{}, false
}
