package model

// Format names where a function or resource was declared.
type Format string

// Formats fcplan reads.
const (
	FormatFC3           Format = "fc3"            // Serverless Devs 3.x, component fc3
	FormatFC            Format = "fc"             // Serverless Devs 1.x/2.x, component fc / devsapp/fc
	FormatTerraform     Format = "terraform"      // alicloud HCL
	FormatTerraformPlan Format = "terraform-plan" // terraform show -json
)

// Generation is the FC API generation a function is deployed with: it decides
// the billing model and some defaults.
type Generation string

// FC generations.
const (
	FC2 Generation = "fc2" // services + functions (legacy fc component, alicloud_fc_*)
	FC3 Generation = "fc3" // functions only (fc3 component, alicloud_fcv3_*)
)

// Function is one deployable function with every setting that matters to the
// rules and the simulator.
type Function struct {
	// Key identifies the function within the project: "<file>#<resource>" for
	// s.yaml, the resource address for Terraform.
	Key        string     `json:"key"`
	Name       Str        `json:"name"`
	Source     Pos        `json:"source"` // where the function is declared
	Format     Format     `json:"format"`
	Generation Generation `json:"generation"`
	// Service is the FC 2.0 service (legacy fc, alicloud_fc_service); for fc3
	// it is the Serverless Devs resource key.
	Service     Str `json:"service"`
	Region      Str `json:"region"`
	Description Str `json:"description"`

	Runtime Str `json:"runtime"`
	Handler Str `json:"handler"`
	CodeURI Str `json:"codeUri"`
	// CodeSizeBytes is the package size when known (plan JSON, local zip);
	// the simulator uses it for the code-fetch part of a cold start.
	CodeSizeBytes       Int   `json:"codeSizeBytes"`
	MemoryMB            Int   `json:"memoryMB"`
	VCPU                Float `json:"vcpu"`
	DiskMB              Int   `json:"diskMB"`
	GPU                 *GPU  `json:"gpu,omitempty"`
	TimeoutSeconds      Int   `json:"timeoutSeconds"`
	InstanceConcurrency Int   `json:"instanceConcurrency"`
	// InstanceIsolation is fc3's instanceIsolationMode / session affinity.
	SessionAffinity Str `json:"sessionAffinity"`

	Scaling Scaling `json:"scaling"`

	// InternetAccess is the function's (fc3) or service's (FC 2.0) switch.
	// Unset means the platform default (true).
	InternetAccess Bool       `json:"internetAccess"`
	VPC            *VPCConfig `json:"vpc"`
	Role           Str        `json:"role"`
	Env            []EnvVar   `json:"env"`
	Layers         []Str      `json:"layers"`
	Container      *Container `json:"container,omitempty"`
	Initializer    *Hook      `json:"initializer,omitempty"`
	PreStop        *Hook      `json:"preStop,omitempty"`
	Log            *LogConfig `json:"log"`
	NAS            *Mount     `json:"nas,omitempty"`
	OSSMount       *Mount     `json:"ossMount,omitempty"`
	Async          *Async     `json:"async"`
	Triggers       []*Trigger `json:"triggers"`
	Tags           []Tag      `json:"tags,omitempty"`

	// Links are filled by Project.Link.
	Links FunctionLinks `json:"links"`
	// Positions maps JSON attribute paths ("memoryMB", "vpc.vswitchIds[1]")
	// to where each was written; filled by Project.Link.
	Positions map[string]Pos `json:"positions,omitempty"`
}

// GPU is the fc3 gpuConfig.
type GPU struct {
	Type     Str `json:"type"`
	MemoryMB Int `json:"memoryMB"`
	Pos      Pos `json:"-"`
}

// Scaling holds the instance floor and ceiling and the policies that move them.
type Scaling struct {
	// MinInstances is fc3's scalingConfig.minInstances (billed at idle rates
	// when idle, or kept warm).
	MinInstances Int `json:"minInstances"`
	// ProvisionedTarget is provisionConfig.target / alicloud_fc*_provision_config.
	ProvisionedTarget Int `json:"provisionedTarget"`
	// MaxInstances is the ceiling: fc3 concurrencyConfig.reservedConcurrency or
	// scalingConfig / instance limits; FC 2.0 alicloud_fc_function's
	// instance limit.
	MaxInstances           Int                    `json:"maxInstances"`
	ScheduledPolicies      []ScheduledPolicy      `json:"scheduledPolicies"`
	TargetTrackingPolicies []TargetTrackingPolicy `json:"targetTrackingPolicies"`
	// LightHibernation (fc3 provisionConfig.alwaysAllocateCPU == false or
	// enableOnDemandScaling...): idle instances billed at idle rates.
	AlwaysAllocateCPU Bool `json:"alwaysAllocateCPU"`
	Pos               Pos  `json:"-"`
}

// ScheduledPolicy sets the floor to Target during a schedule.
type ScheduledPolicy struct {
	Name               Str `json:"name"`
	ScheduleExpression Str `json:"scheduleExpression"`
	Target             Int `json:"target"`
	StartTime          Str `json:"startTime"`
	EndTime            Str `json:"endTime"`
	TimeZone           Str `json:"timeZone"`
	Pos                Pos `json:"-"`
}

// TargetTrackingPolicy moves the floor between Min and Max to keep a metric at
// a target.
type TargetTrackingPolicy struct {
	Name         Str   `json:"name"`
	MetricType   Str   `json:"metricType"`
	MetricTarget Float `json:"metricTarget"`
	MinInstances Int   `json:"minInstances"`
	MaxInstances Int   `json:"maxInstances"`
	StartTime    Str   `json:"startTime"`
	EndTime      Str   `json:"endTime"`
	Pos          Pos   `json:"-"`
}

// VPCConfig attaches a function (or an FC 2.0 service) to a VPC.
type VPCConfig struct {
	// Auto is Serverless Devs' `vpcConfig: auto` (the tool creates a VPC).
	Auto            bool  `json:"auto,omitempty"`
	VPCID           Str   `json:"vpcId"`
	VSwitchIDs      []Str `json:"vswitchIds"`
	SecurityGroupID Str   `json:"securityGroupId"`
	Pos             Pos   `json:"-"`
}

// EnvVar is one environment variable.
type EnvVar struct {
	Name  string `json:"name"`
	Value Str    `json:"value"`
	Pos   Pos    `json:"-"` // position of the key
}

// Container is a custom container image configuration.
type Container struct {
	Image   Str   `json:"image"`
	Command []Str `json:"command,omitempty"`
	Port    Int   `json:"port"`
	// AccelerationType / image size when known.
	ImageSizeBytes Int `json:"imageSizeBytes"`
	Pos            Pos `json:"-"`
}

// Hook is a lifecycle hook (initializer or preStop).
type Hook struct {
	Handler        Str `json:"handler"`
	TimeoutSeconds Int `json:"timeoutSeconds"`
	Pos            Pos `json:"-"`
}

// LogConfig sends function logs to SLS.
type LogConfig struct {
	Auto     bool `json:"auto,omitempty"`
	Project  Str  `json:"project"`
	Logstore Str  `json:"logstore"`
	Pos      Pos  `json:"-"`
}

// Mount is a NAS or OSS mount.
type Mount struct {
	Targets []Str `json:"targets"`
	Auto    bool  `json:"auto,omitempty"`
	Pos     Pos   `json:"-"`
}

// Async is the asynchronous invocation configuration.
type Async struct {
	MaxRetries         Int  `json:"maxRetries"`
	MaxEventAgeSeconds Int  `json:"maxEventAgeSeconds"`
	OnSuccess          Str  `json:"onSuccess"`
	OnFailure          Str  `json:"onFailure"`
	AsyncTask          Bool `json:"asyncTask"`
	Pos                Pos  `json:"-"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"key"`
	Value Str    `json:"value"`
}

// FunctionLinks are the references of a function resolved against the rest
// of the project, by key. They are empty when the target is outside the
// project; Resolved* say whether the lookup could be done at all.
type FunctionLinks struct {
	// Role is the key of the Role the function runs as.
	Role string `json:"role,omitempty"`
	// Policies are the keys of the policies attached to that role.
	Policies []string `json:"policies,omitempty"`
	// VSwitches are the keys of the function's vSwitches.
	VSwitches []string `json:"vswitches,omitempty"`
	// Egress is, per vSwitch of the function, the NAT path to the internet.
	Egress []EgressPath `json:"egress,omitempty"`

	RoleRef      *Role      `json:"-"`
	VSwitchRefs  []*VSwitch `json:"-"`
	PolicyRefs   []*Policy  `json:"-"`
	TriggerLoops []string   `json:"-"`
}

// EgressPath is the path from one vSwitch to the internet: vSwitch -> SNAT
// entry covering it -> NAT gateway -> EIP bound to that NAT gateway. Missing
// names the first missing piece; Unknown is set when a link could not be
// checked (for example a NAT gateway managed outside the project).
type EgressPath struct {
	VSwitch    string `json:"vswitch"`
	SNATEntry  string `json:"snatEntry,omitempty"`
	NATGateway string `json:"natGateway,omitempty"`
	EIP        string `json:"eip,omitempty"`
	Complete   bool   `json:"complete"`
	Missing    string `json:"missing,omitempty"`
	Unknown    string `json:"unknown,omitempty"`
}

// Trigger types, normalized across formats.
const (
	TriggerHTTP        = "http"
	TriggerOSS         = "oss"
	TriggerTimer       = "timer"
	TriggerEventBridge = "eventbridge"
	TriggerMNS         = "mns_topic"
	TriggerSLS         = "log"
	TriggerCDN         = "cdn_events"
	TriggerTablestore  = "tablestore"
	TriggerKafka       = "kafka"
	TriggerRocketMQ    = "rocketmq"
	TriggerRabbitMQ    = "rabbitmq"
	TriggerMQTT        = "mqtt"
	TriggerDTS         = "dts"
)

// Trigger invokes a function.
type Trigger struct {
	Name Str `json:"name"`
	// Type is normalized (TriggerHTTP, TriggerOSS, ...); the original spelling
	// is kept in the value's Pos/Unknown when it was not recognised.
	Type           Str `json:"type"`
	Source         Pos `json:"source"`
	Qualifier      Str `json:"qualifier"`
	InvocationRole Str `json:"invocationRole"`
	SourceARN      Str `json:"sourceArn"`

	HTTP        *HTTPTrigger        `json:"http,omitempty"`
	OSS         *OSSTrigger         `json:"oss,omitempty"`
	Timer       *TimerTrigger       `json:"timer,omitempty"`
	EventSource *EventSourceTrigger `json:"eventSource,omitempty"`
}

// IsAsync reports whether the trigger invokes the function asynchronously
// (the event is queued, retried and may go to a failure destination).
// Tablestore triggers are not: they read the table's stream and, when the
// function fails, retry until the stream data expires, so an onFailure
// destination never receives them (alibabacloud.com/help/doc-detail/100092,
// "Precautions").
func (t *Trigger) IsAsync() bool {
	switch t.Type.V {
	case TriggerOSS, TriggerTimer, TriggerMNS, TriggerSLS, TriggerCDN, TriggerEventBridge:
		return true
	}
	return false
}

// HTTPTrigger is an HTTP trigger's configuration.
type HTTPTrigger struct {
	// AuthType is "anonymous", "function", "jwt", "signature"...
	AuthType Str   `json:"authType"`
	Methods  []Str `json:"methods"`
	// DisableURLInternet turns off the public URL (fc3).
	DisableURLInternet Bool `json:"disableURLInternet"`
	Pos                Pos  `json:"-"`
}

// OSSTrigger fires on object events in a bucket.
type OSSTrigger struct {
	Bucket Str   `json:"bucket"`
	Events []Str `json:"events"`
	Prefix Str   `json:"prefix"`
	Suffix Str   `json:"suffix"`
	Pos    Pos   `json:"-"`
}

// TimerTrigger fires on a schedule.
type TimerTrigger struct {
	Cron    Str  `json:"cron"`
	Enable  Bool `json:"enable"`
	Payload Str  `json:"payload"`
	Pos     Pos  `json:"-"`
}

// EventSourceTrigger covers EventBridge, MNS, SLS and message-queue triggers.
type EventSourceTrigger struct {
	// SourceType names the event source ("MNS", "RocketMQ", "Default" bus...).
	SourceType Str `json:"sourceType"`
	// Source is the queue, topic, logstore or bus the events come from.
	Source Str `json:"source"`
	Pos    Pos `json:"-"`
}
