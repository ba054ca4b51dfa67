package load

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// spellings lists, for each model attribute, the ways the example projects
// write it: the fc3 prop, the legacy fc prop, the Terraform argument and the
// plan JSON key. A position is right when its line names the attribute.
var spellings = map[string][]string{
	"alwaysAllocateCPU":   {"alwaysAllocateCPU"},
	"authType":            {"authType"},
	"bucket":              {"bucketName", "source_arn", "sourceArn", "bucket"},
	"codeSizeBytes":       {"code_size", "codeSize"},
	"codeUri":             {"code:", "codeUri", "oss_bucket_name", "code_checksum"},
	"cron":                {"cronExpression", "cron_expression"},
	"description":         {"description"},
	"disableURLInternet":  {"disableURLInternet"},
	"diskMB":              {"diskSize", "disk_size"},
	"enable":              {"enable"},
	"endTime":             {"endTime", "end_time"},
	"handler":             {"handler", "initializer:"},
	"image":               {"image"},
	"instanceConcurrency": {"instanceConcurrency", "instance_concurrency"},
	"internetAccess":      {"internetAccess", "internet_access"},
	"invocationRole":      {"invocationRole", "invocation_role", "role:"},
	"logstore":            {"logstore"},
	"maxEventAgeSeconds":  {"maxAsyncEventAgeInSeconds", "max_async_event_age_in_seconds"},
	"maxInstances":        {"maxInstances", "maxCapacity", "reservedConcurrency", "max_instances", "reserved_concurrency"},
	"maxRetries":          {"maxAsyncRetryAttempts", "max_async_retry_attempts"},
	"memoryMB":            {"memorySize", "memory_size"},
	"metricTarget":        {"metricTarget", "metric_target"},
	"metricType":          {"metricType", "metric_type"},
	"minInstances":        {"minCapacity", "minInstances", "min_instances", "min_capacity"},
	"name":                {"triggerName", "trigger_name", "functionName", "function_name", "name:"},
	"onFailure":           {"onFailure", "destination"},
	"onSuccess":           {"onSuccess", "destination"},
	"payload":             {"payload"},
	"port":                {"port"},
	"prefix":              {"prefix"},
	"project":             {"project"},
	"provisionedTarget":   {"target"},
	"qualifier":           {"qualifier"},
	"region":              {"region"},
	"role":                {"role"},
	"runtime":             {"runtime"},
	"scheduleExpression":  {"scheduleExpression", "schedule_expression"},
	"securityGroupId":     {"securityGroupId", "security_group_id"},
	"source":              {"QueueName", "queueName", "source"},
	"sourceArn":           {"sourceArn", "source_arn"},
	"sourceType":          {"eventSourceType", "event_source_type"},
	"startTime":           {"startTime", "start_time"},
	"suffix":              {"suffix"},
	"target":              {"target"},
	"timeZone":            {"timeZone", "time_zone"},
	"timeoutSeconds":      {"timeout", "initializationTimeout"},
	"type":                {"triggerType", "trigger_type", "type:"},
	"vcpu":                {"cpu"},
	"vpcId":               {"vpcId", "vpc_id"},
}

// Legacy services carry no key of their own: the service is positioned at
// the resource (or its name).
var servicePosition = regexp.MustCompile(`^\s*([\w-]+:|name:)`)

// TestAttributePositions checks every attribute position of every function
// in the example projects: its line must write that attribute. This is what
// lets a finding point at the exact line.
func TestAttributePositions(t *testing.T) {
	p := Paths([]string{projects}, Options{})
	lines := map[string][]string{}
	checked := 0
	for _, f := range p.Functions {
		paths := make([]string, 0, len(f.Positions))
		for k := range f.Positions {
			paths = append(paths, k)
		}
		sort.Strings(paths)
		for _, path := range paths {
			pos := f.Positions[path]
			src, ok := lines[pos.File]
			if !ok {
				data, err := os.ReadFile(pos.File)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				src = strings.Split(string(data), "\n")
				lines[pos.File] = src
			}
			if pos.Line < 1 || pos.Line > len(src) {
				t.Errorf("%s %s: line %d outside the file", f.Name.Text(), path, pos.Line)
				continue
			}
			line := src[pos.Line-1]
			if pos.Column < 1 || pos.Column > len(line)+1 {
				t.Errorf("%s %s at %s: column outside the line %q", f.Name.Text(), path, pos, line)
			}
			segs := strings.Split(path, ".")
			leaf := segs[len(segs)-1]
			switch {
			case strings.HasPrefix(path, "env."):
				leaf = strings.TrimPrefix(path, "env.")
				if !strings.Contains(line, leaf) {
					t.Errorf("%s %s at %s: line %q does not name the variable", f.Name.Text(), path, pos, line)
				}
			case strings.HasSuffix(leaf, "]"):
				if strings.TrimSpace(line) == "" {
					t.Errorf("%s %s at %s: blank line", f.Name.Text(), path, pos)
				}
			case leaf == "service":
				if !servicePosition.MatchString(line) {
					t.Errorf("%s %s at %s: line %q is not a resource or name", f.Name.Text(), path, pos, line)
				}
			default:
				want, known := spellings[leaf]
				if !known {
					t.Errorf("%s %s at %s: attribute has no spelling in this test (line %q); add one", f.Name.Text(), path, pos, line)
					continue
				}
				if !containsFold(line, want) {
					t.Errorf("%s %s at %s: line %q names none of %v", f.Name.Text(), path, pos, line, want)
				}
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d positions checked; the example projects should give many more", checked)
	}
}

func containsFold(line string, words []string) bool {
	l := strings.ToLower(line)
	for _, w := range words {
		if strings.Contains(l, strings.ToLower(w)) {
			return true
		}
	}
	return false
}
