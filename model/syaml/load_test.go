package syaml

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
)

// wantKnown checks that v is known, equal to want and written on line.
func wantKnown[T model.Scalar](t *testing.T, label string, v model.Value[T], want T, line int) {
	t.Helper()
	got, ok := v.Get()
	if !ok {
		t.Errorf("%s: want known %v, got %s (set=%v)", label, want, v.Text(), v.Set)
		return
	}
	if got != want {
		t.Errorf("%s = %v, want %v", label, got, want)
	}
	if v.Pos.Line != line {
		t.Errorf("%s: line %d, want %d", label, v.Pos.Line, line)
	}
	if v.Pos.File != "s.yaml" {
		t.Errorf("%s: file %q, want s.yaml", label, v.Pos.File)
	}
}

// wantUnknown checks that v is unknown with the original text and line.
func wantUnknown[T model.Scalar](t *testing.T, label string, v model.Value[T], text string, line int) {
	t.Helper()
	if !v.IsUnknown() {
		t.Errorf("%s: want unknown %q, got %q (set=%v)", label, text, v.Text(), v.Set)
		return
	}
	if v.Unknown != text {
		t.Errorf("%s: unknown text %q, want %q", label, v.Unknown, text)
	}
	if v.Pos.Line != line {
		t.Errorf("%s: line %d, want %d", label, v.Pos.Line, line)
	}
}

// wantDiag checks that a diagnostic of severity containing msg is at
// line:col (col 0 = any column).
func wantDiag(t *testing.T, p *model.Project, severity, msg string, line, col int) {
	t.Helper()
	for _, d := range p.Diagnostics {
		if d.Severity == severity && strings.Contains(d.Message, msg) {
			if d.Pos.Line != line || (col != 0 && d.Pos.Column != col) {
				t.Errorf("diagnostic %q at %d:%d, want %d:%d", d.Message, d.Pos.Line, d.Pos.Column, line, col)
			}
			if d.Pos.File != "s.yaml" {
				t.Errorf("diagnostic %q: file %q, want s.yaml", d.Message, d.Pos.File)
			}
			return
		}
	}
	t.Errorf("no %s diagnostic containing %q; got %v", severity, msg, p.Diagnostics)
}

func noErrors(t *testing.T, p *model.Project) {
	t.Helper()
	for _, d := range p.Diagnostics {
		if d.Severity == model.DiagError {
			t.Errorf("unexpected error: %s", d)
		}
	}
}

func fn(t *testing.T, p *model.Project, i int) *model.Function {
	t.Helper()
	if len(p.Functions) <= i {
		t.Fatalf("want at least %d functions, got %d (diagnostics %v)", i+1, len(p.Functions), p.Diagnostics)
	}
	return p.Functions[i]
}

type loadCase struct {
	name  string
	src   string
	opts  Options
	check func(t *testing.T, p *model.Project)
}

func runLoadCases(t *testing.T, cases []loadCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.TrimPrefix(tc.src, "\n")
			p := Load("s.yaml", []byte(src), tc.opts)
			if p == nil {
				t.Fatal("Load returned nil")
			}
			tc.check(t, p)
		})
	}
}

func TestLoadFC3Props(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"basic", `
edition: 3.0.0
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: orders
      runtime: nodejs18
      handler: index.handler
      code: ./code
      memorySize: 512
      cpu: 0.35
      diskSize: 512
      timeout: 60
      instanceConcurrency: 20
      internetAccess: false
      role: acs:ram::123:role/fc
      sessionAffinity: MCP_SSE
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			if f.Key != "s.yaml#api" || f.Source.Line != 3 || f.Source.Column != 3 {
				t.Errorf("key %q source %v", f.Key, f.Source)
			}
			if f.Format != model.FormatFC3 || f.Generation != model.FC3 {
				t.Errorf("format %s generation %s", f.Format, f.Generation)
			}
			wantKnown(t, "service", f.Service, "api", 3)
			wantKnown(t, "region", f.Region, "cn-hangzhou", 6)
			wantKnown(t, "name", f.Name, "orders", 7)
			wantKnown(t, "runtime", f.Runtime, "nodejs18", 8)
			wantKnown(t, "handler", f.Handler, "index.handler", 9)
			wantKnown(t, "code", f.CodeURI, "./code", 10)
			wantKnown(t, "memory", f.MemoryMB, 512, 11)
			wantKnown(t, "cpu", f.VCPU, 0.35, 12)
			wantKnown(t, "disk", f.DiskMB, 512, 13)
			wantKnown(t, "timeout", f.TimeoutSeconds, 60, 14)
			wantKnown(t, "concurrency", f.InstanceConcurrency, 20, 15)
			wantKnown(t, "internet", f.InternetAccess, false, 16)
			wantKnown(t, "role", f.Role, "acs:ram::123:role/fc", 17)
			wantKnown(t, "sessionAffinity", f.SessionAffinity, "MCP_SSE", 18)
			if f.Region.Pos.Column != 15 {
				t.Errorf("region column %d, want 15", f.Region.Pos.Column)
			}
		}},
		{"name defaults to resource key; code from OSS", `
edition: 3.0.0
resources:
  worker:
    component: fc3@dev
    props:
      runtime: python3.10
      code:
        ossBucketName: artifacts
        ossObjectName: worker.zip
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantKnown(t, "name", f.Name, "worker", 3)
			wantKnown(t, "code", f.CodeURI, "oss://artifacts/worker.zip", 8)
		}},
		{"vpc object, env order, layers, container, hooks, gpu", `
edition: 3.0.0
resources:
  f:
    component: devsapp/fc3@0.1.2
    props:
      vpcConfig:
        vpcId: vpc-1
        securityGroupId: sg-1
        vSwitchIds: [vsw-a, vsw-b]
      environmentVariables:
        Z_LAST: z
        A_FIRST: a
        PORT: 9000
      layers:
        - acs:fc:cn-hangzhou:official:layers/Python310/versions/2
      customContainerConfig:
        image: reg/x:1
        entrypoint: [/bin/app]
        command: [serve]
        port: 8080
      instanceLifecycleConfig:
        initializer:
          handler: index.init
          timeout: 30
        preStop:
          handler: index.stop
          timeout: 5
      gpuConfig:
        gpuType: fc.gpu.tesla.1
        gpuMemorySize: 16384
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			if f.VPC == nil || f.VPC.Auto || f.VPC.Pos.Line != 7 {
				t.Fatalf("vpc %+v", f.VPC)
			}
			wantKnown(t, "vpcId", f.VPC.VPCID, "vpc-1", 7)
			wantKnown(t, "sg", f.VPC.SecurityGroupID, "sg-1", 8)
			if len(f.VPC.VSwitchIDs) != 2 {
				t.Fatalf("vswitches %v", f.VPC.VSwitchIDs)
			}
			wantKnown(t, "vsw[1]", f.VPC.VSwitchIDs[1], "vsw-b", 9)
			if len(f.Env) != 3 || f.Env[0].Name != "Z_LAST" || f.Env[1].Name != "A_FIRST" || f.Env[0].Pos.Line != 11 || f.Env[0].Pos.Column != 9 {
				t.Errorf("env %+v", f.Env)
			} else {
				wantKnown(t, "env PORT", f.Env[2].Value, "9000", 13)
			}
			if len(f.Layers) != 1 {
				t.Errorf("layers %v", f.Layers)
			} else {
				wantKnown(t, "layer", f.Layers[0], "acs:fc:cn-hangzhou:official:layers/Python310/versions/2", 15)
			}
			if c := f.Container; c == nil || len(c.Command) != 2 || c.Command[0].V != "/bin/app" || c.Command[1].V != "serve" {
				t.Errorf("container %+v", f.Container)
			} else {
				wantKnown(t, "image", c.Image, "reg/x:1", 17)
				wantKnown(t, "port", c.Port, 8080, 20)
			}
			if f.Initializer == nil || f.PreStop == nil {
				t.Fatal("hooks missing")
			}
			wantKnown(t, "init handler", f.Initializer.Handler, "index.init", 23)
			wantKnown(t, "init timeout", f.Initializer.TimeoutSeconds, 30, 24)
			wantKnown(t, "preStop timeout", f.PreStop.TimeoutSeconds, 5, 27)
			if f.GPU == nil {
				t.Fatal("gpu missing")
			}
			wantKnown(t, "gpu type", f.GPU.Type, "fc.gpu.tesla.1", 29)
			wantKnown(t, "gpu mem", f.GPU.MemoryMB, 16384, 30)
		}},
		{"auto values", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      vpcConfig: auto
      logConfig: auto|enableRequestMetrics=false
      nasConfig: auto
      ossMountConfig:
        mountPoints:
          - bucketName: media
            endpoint: http://oss-cn-hangzhou-internal.aliyuncs.com
            mountDir: /mnt/media
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			if f.VPC == nil || !f.VPC.Auto || f.VPC.Pos.Line != 6 {
				t.Errorf("vpc %+v", f.VPC)
			}
			if f.Log == nil || !f.Log.Auto || f.Log.Pos.Line != 7 {
				t.Errorf("log %+v", f.Log)
			}
			if f.NAS == nil || !f.NAS.Auto {
				t.Errorf("nas %+v", f.NAS)
			}
			if f.OSSMount == nil || len(f.OSSMount.Targets) != 1 {
				t.Fatalf("oss mount %+v", f.OSSMount)
			}
			wantKnown(t, "oss mount bucket", f.OSSMount.Targets[0], "media", 11)
		}},
		{"log object, async, scaling, provision, concurrency, tags", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      logConfig:
        project: p
        logstore: s
      asyncInvokeConfig:
        maxAsyncRetryAttempts: 0
        maxAsyncEventAgeInSeconds: 300
        asyncTask: true
        destinationConfig:
          onSuccess:
            destination: acs:mns:cn-hangzhou::/queues/ok/messages
          onFailure:
            destination: acs:fc:cn-hangzhou::functions/dlq
      scalingConfig:
        minInstances: 2
        horizontalScalingPolicies:
          - name: cpu
            metricType: CPUUtilization
            metricTarget: 0.5
            minInstances: 2
            maxInstances: 9
        scheduledPolicies:
          - name: am
            scheduleExpression: cron(0 0 8 * * *)
            target: 4
      provisionConfig:
        defaultTarget: 3
        alwaysAllocateCPU: true
        scheduledActions:
          - name: pm
            scheduleExpression: cron(0 0 20 * * *)
            target: 1
      concurrencyConfig:
        reservedConcurrency: 40
      tags:
        - key: team
          value: media
        - Key: env
          Value: prod
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantKnown(t, "log project", f.Log.Project, "p", 7)
			wantKnown(t, "log store", f.Log.Logstore, "s", 8)
			a := f.Async
			if a == nil {
				t.Fatal("async missing")
			}
			wantKnown(t, "retries", a.MaxRetries, 0, 10)
			wantKnown(t, "age", a.MaxEventAgeSeconds, 300, 11)
			wantKnown(t, "asyncTask", a.AsyncTask, true, 12)
			wantKnown(t, "onSuccess", a.OnSuccess, "acs:mns:cn-hangzhou::/queues/ok/messages", 15)
			wantKnown(t, "onFailure", a.OnFailure, "acs:fc:cn-hangzhou::functions/dlq", 17)
			s := f.Scaling
			wantKnown(t, "min", s.MinInstances, 2, 19)
			wantKnown(t, "provisioned", s.ProvisionedTarget, 3, 31)
			wantKnown(t, "always cpu", s.AlwaysAllocateCPU, true, 32)
			wantKnown(t, "max", s.MaxInstances, 40, 38)
			if len(s.TargetTrackingPolicies) != 1 || len(s.ScheduledPolicies) != 2 {
				t.Fatalf("policies %+v", s)
			}
			tp := s.TargetTrackingPolicies[0]
			wantKnown(t, "tt metric", tp.MetricTarget, 0.5, 23)
			wantKnown(t, "tt max", tp.MaxInstances, 9, 25)
			wantKnown(t, "sched target", s.ScheduledPolicies[0].Target, 4, 29)
			wantKnown(t, "action target", s.ScheduledPolicies[1].Target, 1, 36)
			if len(f.Tags) != 2 || f.Tags[0].Key != "team" || f.Tags[1].Key != "env" {
				t.Errorf("tags %+v", f.Tags)
			} else {
				wantKnown(t, "tag value", f.Tags[1].Value, "prod", 43)
			}
		}},
		{"vpcBinding and customDomain", `
edition: 3.0.0
resources:
  site:
    component: fc3
    props:
      functionName: web
      vpcBinding:
        vpcIds: [vpc-caller]
      customDomain:
        domainName: www.example.com
        protocol: HTTPS
        certConfig:
          certName: www
        tlsConfig:
          minVersion: TLSv1.0
        route:
          path: /*
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			if len(p.Network.VPCBindings) != 1 {
				t.Fatalf("bindings %v", p.Network.VPCBindings)
			}
			b := p.Network.VPCBindings[0]
			wantKnown(t, "binding vpc", b.VPCID, "vpc-caller", 8)
			wantKnown(t, "binding fn", b.FunctionName, "web", 6)
			if len(p.CustomDomains) != 1 {
				t.Fatalf("domains %v", p.CustomDomains)
			}
			d := p.CustomDomains[0]
			if d.Source.Line != 9 || len(d.Functions) != 1 || d.Functions[0].V != "web" {
				t.Errorf("domain %+v", d)
			}
			wantKnown(t, "domain", d.DomainName, "www.example.com", 10)
			wantKnown(t, "protocol", d.Protocol, "HTTPS", 11)
			wantKnown(t, "cert", d.HasCertificate, true, 12)
			wantKnown(t, "tls", d.TLSMinVersion, "TLSv1.0", 15)
		}},
		{"several resources, other components skipped", `
edition: 3.0.0
resources:
  a:
    component: fc3
    props: {functionName: a}
  site:
    component: devsapp/website
    props: {bucket: b}
  b:
    component: ${path('../fc3')}
    props: {functionName: b, runtime: go1}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			if len(p.Functions) != 2 {
				t.Fatalf("functions %d", len(p.Functions))
			}
			wantKnown(t, "b name", p.Functions[1].Name, "b", 11)
			wantDiag(t, p, model.DiagInfo, `component "devsapp/website"`, 7, 16)
		}},
	})
}

func TestLoadTriggers(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"fc3 triggers", `
edition: 3.0.0
vars:
  bucket: photos
resources:
  f:
    component: fc3
    props:
      triggers:
        - triggerName: up
          triggerType: OSS
          sourceArn: acs:oss:cn-hangzhou:${config('AccountID')}:${vars.bucket}
          invocationRole: acs:ram::1:role/oss
          triggerConfig:
            events: [oss:ObjectCreated:*]
            filter:
              key:
                prefix: in/
                suffix: .png
        - triggerName: web
          triggerType: http
          qualifier: LATEST
          triggerConfig:
            authType: function
            methods: [GET]
            disableURLInternet: true
        - triggerName: tick
          triggerType: timer
          triggerConfig:
            cronExpression: '@every 5m'
            enable: false
        - triggerName: topic
          triggerType: mns_topic
          sourceArn: acs:mns:cn-hangzhou:1:/topics/orders
          triggerConfig:
            notifyContentFormat: JSON
            notifyStrategy: BACKOFF_RETRY
        - triggerName: sls
          triggerType: log
          triggerConfig:
            sourceConfig:
              logstore: app
        - triggerName: ots
          triggerType: tablestore
          sourceArn: acs:ots:cn-hangzhou:1:instance/i/table/orders
          triggerConfig: {}
        - triggerName: bad
          triggerType: htpp
          triggerConfig: {}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			if len(f.Triggers) != 7 {
				t.Fatalf("triggers %d", len(f.Triggers))
			}
			oss := f.Triggers[0]
			if oss.Source.Line != 9 || oss.OSS == nil {
				t.Fatalf("oss trigger %+v", oss)
			}
			wantKnown(t, "oss type", oss.Type, model.TriggerOSS, 10)
			wantUnknown(t, "oss arn", oss.SourceARN, "acs:oss:cn-hangzhou:${config('AccountID')}:${vars.bucket}", 11)
			wantKnown(t, "oss bucket", oss.OSS.Bucket, "photos", 11)
			wantKnown(t, "oss role", oss.InvocationRole, "acs:ram::1:role/oss", 12)
			wantKnown(t, "oss prefix", oss.OSS.Prefix, "in/", 17)
			wantKnown(t, "oss suffix", oss.OSS.Suffix, ".png", 18)
			if len(oss.OSS.Events) != 1 || oss.OSS.Events[0].V != "oss:ObjectCreated:*" {
				t.Errorf("oss events %v", oss.OSS.Events)
			}
			h := f.Triggers[1]
			wantKnown(t, "http auth", h.HTTP.AuthType, "function", 23)
			wantKnown(t, "http disable", h.HTTP.DisableURLInternet, true, 25)
			wantKnown(t, "qualifier", h.Qualifier, "LATEST", 21)
			tm := f.Triggers[2]
			wantKnown(t, "cron", tm.Timer.Cron, "@every 5m", 29)
			wantKnown(t, "enable", tm.Timer.Enable, false, 30)
			mns := f.Triggers[3]
			wantKnown(t, "mns topic", mns.EventSource.Source, "orders", 33)
			wantKnown(t, "mns type", mns.EventSource.SourceType, "MNS", 32)
			wantKnown(t, "sls logstore", f.Triggers[4].EventSource.Source, "app", 41)
			wantKnown(t, "ots table", f.Triggers[5].EventSource.Source, "orders", 44)
			wantUnknown(t, "bad type", f.Triggers[6].Type, "htpp", 47)
			wantDiag(t, p, model.DiagWarning, `unknown trigger type "htpp"; did you mean "http"?`, 47, 24)
		}},
	})
}

func TestLoadVariables(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"vars, env, config, resources, this, path, file, templates", `
edition: 3.0.0
vars:
  mem: "512"
  region: cn-shanghai
  net:
    vpc: vpc-9
    vswitches: [vsw-1, vsw-2]
resources:
  base:
    component: fc3
    props:
      region: ${vars.region}
      functionName: base-fn
      timeout: 30
  f:
    component: fc3
    props:
      functionName: ${this.name}-${env('STAGE', 'dev')}
      memorySize: ${vars.mem}
      timeout: ${resources.base.props.timeout}
      region: ${resources.base.props.region}
      role: ${resources.base.output.roleArn}
      description: mem ${vars.mem} in ${this.props.region}
      handler: ${env.HANDLER}
      runtime: ${env('RUNTIME')}
      code: ${path('./src')}
      instanceConcurrency: ${env('CONC', 10)}
      internetAccess: ${env('INTERNET', 'true')}
      vpcConfig:
        vpcId: ${vars.net.vpc}
        vSwitchIds: ${vars.net.vswitches}
      environmentVariables:
        ACCOUNT: ${config('AccountID')}
        CONF: ${file('./conf.json')}
        APP: '{{ appName }}'
        APP_DEF: '{{ appName | default-app }}'
        APP_Q: "{{ appName | 'quoted' }}"
        UNQUOTED: {{ appName }}
        MISSING: ${vars.nope}
        SELF: ${functionName}
`, Options{Env: map[string]string{"HANDLER": "main.handler", "CONC": "25"}, Config: map[string]string{"AccountID": "1234"}},
			func(t *testing.T, p *model.Project) {
				noErrors(t, p)
				f := fn(t, p, 1)
				wantKnown(t, "name", f.Name, "f-dev", 18)
				wantKnown(t, "memory from vars string", f.MemoryMB, 512, 19)
				wantKnown(t, "timeout from other resource", f.TimeoutSeconds, 30, 20)
				wantKnown(t, "region from other resource", f.Region, "cn-shanghai", 21)
				if f.Role.Ref != "resources.base.output.roleArn" {
					t.Errorf("role ref %q", f.Role.Ref)
				}
				wantUnknown(t, "role", f.Role, "${resources.base.output.roleArn}", 22)
				wantKnown(t, "mixed string", f.Description, "mem 512 in cn-shanghai", 23)
				wantKnown(t, "env.X", f.Handler, "main.handler", 24)
				wantUnknown(t, "env absent", f.Runtime, "${env('RUNTIME')}", 25)
				wantKnown(t, "path", f.CodeURI, "./src", 26)
				wantKnown(t, "env int", f.InstanceConcurrency, 25, 27)
				wantKnown(t, "env default bool", f.InternetAccess, true, 28)
				wantKnown(t, "nested var", f.VPC.VPCID, "vpc-9", 30)
				if len(f.VPC.VSwitchIDs) != 2 || f.VPC.VSwitchIDs[1].V != "vsw-2" {
					t.Errorf("vswitches from a list var: %v", f.VPC.VSwitchIDs)
				}
				env := map[string]model.Str{}
				for _, e := range f.Env {
					env[e.Name] = e.Value
				}
				wantKnown(t, "config", env["ACCOUNT"], "1234", 33)
				wantUnknown(t, "file", env["CONF"], "${file('./conf.json')}", 34)
				wantUnknown(t, "template", env["APP"], "{{ appName }}", 35)
				wantKnown(t, "template default", env["APP_DEF"], "default-app", 36)
				wantKnown(t, "template quoted default", env["APP_Q"], "quoted", 37)
				wantUnknown(t, "unquoted template", env["UNQUOTED"], "{{ appName }}", 38)
				wantUnknown(t, "missing var", env["MISSING"], "${vars.nope}", 39)
				wantUnknown(t, "bare name", env["SELF"], "${functionName}", 40)
			}},
		{"no environment: defaults or unknown", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      memorySize: ${env('MEM', 1024)}
      timeout: ${env('TIMEOUT')}
      functionName: fn-${env('SUFFIX')}
      handler: ${env(HANDLER)}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantKnown(t, "default", f.MemoryMB, 1024, 6)
			wantUnknown(t, "absent", f.TimeoutSeconds, "${env('TIMEOUT')}", 7)
			wantUnknown(t, "mixed absent", f.Name, "fn-${env('SUFFIX')}", 8)
			wantUnknown(t, "unquoted 1.x name", f.Handler, "${env(HANDLER)}", 9)
			q := Load("s.yaml", []byte("edition: 1.0.0\nservices:\n  s:\n    component: fc\n    props:\n      region: ${env(REGION)}\n"), Options{Env: map[string]string{"REGION": "cn-beijing"}})
			wantKnown(t, "unquoted env", fn(t, q, 0).Region, "cn-beijing", 6)
		}},
		{"self-referencing vars stay unknown", `
edition: 3.0.0
vars:
  a: ${vars.b}
  b: ${vars.a}
resources:
  f:
    component: fc3
    props:
      region: ${vars.a}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			wantUnknown(t, "cycle", fn(t, p, 0).Region, "${vars.a}", 9)
		}},
		{"anchors, aliases and merge keys", `
edition: 3.0.0
base: &base
  runtime: nodejs18
  memorySize: 256
  timeout: 10
resources:
  a:
    component: fc3
    props:
      <<: *base
      functionName: a
      timeout: 20
  b:
    component: fc3
    props:
      <<: [*base]
      functionName: b
      handler: &h index.handler
      description: *h
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			a, b := fn(t, p, 0), fn(t, p, 1)
			wantKnown(t, "merged runtime", a.Runtime, "nodejs18", 3)
			wantKnown(t, "merged memory", a.MemoryMB, 256, 4)
			wantKnown(t, "override timeout", a.TimeoutSeconds, 20, 12)
			wantKnown(t, "b timeout", b.TimeoutSeconds, 10, 5)
			wantKnown(t, "alias", b.Description, "index.handler", 19)
		}},
		{"template extend", `
edition: 3.0.0
template:
  common:
    region: cn-beijing
    timeout: 9
resources:
  f:
    component: fc3
    extend:
      name: common
    props:
      functionName: f
      timeout: 30
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantKnown(t, "template region", f.Region, "cn-beijing", 4)
			wantKnown(t, "own timeout", f.TimeoutSeconds, 30, 13)
		}},
	})
}

func TestLoadLegacy(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"service, function, triggers", `
edition: 1.0.0
services:
  svc:
    component: fc
    props:
      region: cn-hangzhou
      service:
        name: orders
        internetAccess: false
        role:
          name: orders-role
          service: fc.aliyuncs.com
          policies:
            - AliyunOSSReadOnlyAccess
            - name: write-queue
              statement:
                - Effect: Allow
                  Action: [mns:SendMessage]
                  Resource: ['acs:mns:*:*:/queues/orders']
        vpcConfig:
          vpcId: vpc-1
          securityGroupId: sg-1
          vswitchIds: [vsw-1]
        nasConfig: auto
      function:
        name: create
        runtime: python3
        codeUri: ./src
        handler: index.handler
        memorySize: 1024
        timeout: 60
        initializer: index.init
        initializationTimeout: 15
        customContainerConfig:
          image: reg/app:1
          command: '["python", "app.py"]'
        caPort: 8080
        memroySize: 1
      triggers:
        - name: http
          type: http
          config:
            authType: anonymous
            methods: [GET, POST]
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			if f.Format != model.FormatFC || f.Generation != model.FC2 || f.Source.Line != 3 {
				t.Errorf("format %s generation %s source %v", f.Format, f.Generation, f.Source)
			}
			wantKnown(t, "service", f.Service, "orders", 8)
			wantKnown(t, "internet", f.InternetAccess, false, 9)
			wantKnown(t, "role", f.Role, "orders-role", 11)
			wantKnown(t, "vswitch", f.VPC.VSwitchIDs[0], "vsw-1", 23)
			if f.NAS == nil || !f.NAS.Auto {
				t.Errorf("nas %+v", f.NAS)
			}
			wantKnown(t, "name", f.Name, "create", 26)
			wantKnown(t, "codeUri", f.CodeURI, "./src", 28)
			wantKnown(t, "memory", f.MemoryMB, 1024, 30)
			wantKnown(t, "init handler", f.Initializer.Handler, "index.init", 32)
			wantKnown(t, "init timeout", f.Initializer.TimeoutSeconds, 15, 33)
			if c := f.Container; c == nil || len(c.Command) != 2 || c.Command[1].V != "app.py" {
				t.Errorf("container %+v", f.Container)
			} else {
				wantKnown(t, "caPort", c.Port, 8080, 37)
			}
			wantDiag(t, p, model.DiagWarning, `unknown prop "memroySize" in function; did you mean "memorySize"?`, 38, 9)
			if len(f.Triggers) != 1 || f.Triggers[0].HTTP == nil || len(f.Triggers[0].HTTP.Methods) != 2 {
				t.Fatalf("triggers %+v", f.Triggers)
			}
			wantKnown(t, "auth", f.Triggers[0].HTTP.AuthType, "anonymous", 43)
			if len(p.Roles) != 1 || p.Roles[0].Trust == nil || len(p.Policies) != 1 || len(p.Attachments) != 2 {
				t.Fatalf("roles %d policies %d attachments %d", len(p.Roles), len(p.Policies), len(p.Attachments))
			}
			st := p.Policies[0].Document.Statements[0]
			wantKnown(t, "effect", st.Effect, "Allow", 17)
			wantKnown(t, "action", st.Actions[0], "mns:SendMessage", 18)
			p.Link()
			if len(f.Links.Policies) != 2 {
				t.Errorf("linked policies %v", f.Links.Policies)
			}
		}},
	})
}

func TestLoadRAMComponent(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"ram role with policies", `
edition: 3.0.0
resources:
  role:
    component: ram
    props:
      name: app-role
      service: fc.aliyuncs.com
      policies:
        - AliyunLogFullAccess
        - name: read-bucket
          statement:
            - Effect: Allow
              Action: oss:GetObject
              Resource: acs:oss:*:*:bucket/*
              Condition:
                IpAddress:
                  acs:SourceIp: [10.0.0.0/8]
  fn:
    component: fc3
    props:
      role: app-role
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			if len(p.Roles) != 1 {
				t.Fatalf("roles %d", len(p.Roles))
			}
			r := p.Roles[0]
			if r.Key != "s.yaml#role" || r.Source.Line != 3 {
				t.Errorf("role key %q source %v", r.Key, r.Source)
			}
			wantKnown(t, "trust service", r.Trust.Statements[0].Principal.Service[0], "fc.aliyuncs.com", 7)
			st := p.Policies[0].Document.Statements[0]
			if len(st.Conditions) != 1 || st.Conditions[0].Key != "acs:SourceIp" {
				t.Errorf("conditions %+v", st.Conditions)
			}
			p.Link()
			f := fn(t, p, 0)
			if f.Links.Role != "s.yaml#role" || len(f.Links.Policies) != 2 {
				t.Errorf("links %+v", f.Links)
			}
		}},
	})
}

func TestLoadErrors(t *testing.T) {
	runLoadCases(t, []loadCase{
		{"wrong types continue loading", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      memorySize: [1]
      vpcConfig: 42
      timeout: "60"
      internetAccess: yes please
      runtime: nodejs18
`, Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "expected integer for memorySize, got array", 6, 19)
			wantDiag(t, p, model.DiagError, `expected object or "auto" for vpcConfig, got integer 42`, 7, 18)
			wantDiag(t, p, model.DiagError, `expected integer for timeout, got string "60"`, 8, 16)
			wantDiag(t, p, model.DiagError, "expected boolean for internetAccess", 9, 23)
			f := fn(t, p, 0)
			wantKnown(t, "rest still loads", f.Runtime, "nodejs18", 10)
			if f.MemoryMB.Set || f.VPC != nil {
				t.Errorf("bad values should be unset: %+v %+v", f.MemoryMB, f.VPC)
			}
			errs := 0
			for _, d := range p.Diagnostics {
				if d.Severity == model.DiagError {
					errs++
				}
			}
			if errs != 4 {
				t.Errorf("want 4 errors (one per bad value), got %d: %v", errs, p.Diagnostics)
			}
		}},
		{"unknown props with did-you-mean", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      memorySzie: 512
      initializer: index.init
      vpcConfig:
        vpcId: v
        vswitchIds: [a]
      frobnicate: true
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			wantDiag(t, p, model.DiagWarning, `unknown prop "memorySzie" in fc3 props; did you mean "memorySize"?`, 6, 7)
			wantDiag(t, p, model.DiagWarning, `"initializer" in fc3 props: it is a legacy fc (FC 2.0) prop`, 7, 7)
			wantDiag(t, p, model.DiagWarning, `unknown prop "vswitchIds" in vpcConfig; did you mean "vSwitchIds"?`, 10, 9)
			wantDiag(t, p, model.DiagWarning, `unknown prop "frobnicate" in fc3 props (not in the fc3 schema)`, 11, 7)
		}},
		{"not YAML", "edition: 3.0.0\nresources:\n  f: [unclosed\n", Options{}, func(t *testing.T, p *model.Project) {
			if !p.HasErrors() || p.Diagnostics[0].Pos.Line == 0 || !strings.Contains(p.Diagnostics[0].Message, "invalid YAML") {
				t.Errorf("diagnostics %v", p.Diagnostics)
			}
		}},
		{"tab indentation", "edition: 3.0.0\nresources:\n\tf: 1\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "invalid YAML", 3, 0)
		}},
		{"control character", "edition: 3.0.0\nresources:\n  a: \x01\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "invalid YAML: control characters are not allowed", 3, 6)
		}},
		{"invalid UTF-8", "edition: 3.0.0\nresources:\n  ab: \xff\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "invalid YAML", 3, 7)
		}},
		{"error on line 1", "edition: b: c\nresources: {}\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "invalid YAML: mapping values are not allowed", 1, 0)
		}},
		{"empty", "", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "empty file", 1, 1)
		}},
		{"not Serverless Devs", "apiVersion: v1\nkind: Pod\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagInfo, "not a Serverless Devs file", 1, 1)
			if len(p.Functions) != 0 || p.HasErrors() {
				t.Errorf("functions %d diagnostics %v", len(p.Functions), p.Diagnostics)
			}
		}},
		{"multi-document", `
kind: Something
---
edition: 3.0.0
resources:
  f:
    component: fc3
    props: {functionName: second-doc}
---
edition: 3.0.0
resources: {}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			wantKnown(t, "name", fn(t, p, 0).Name, "second-doc", 7)
			wantDiag(t, p, model.DiagWarning, "3 YAML documents: only the first Serverless Devs document (line 3)", 1, 1)
		}},
		{"resources not a mapping", "edition: 3.0.0\nresources: [a, b]\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "expected object for resources", 2, 12)
		}},
		{"resource not a mapping", "edition: 3.0.0\nresources:\n  f: 12\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "expected object for resources.f", 3, 6)
		}},
		{"props missing", "edition: 3.0.0\nresources:\n  f:\n    component: fc3\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "expected `props`", 3, 3)
		}},
		{"duplicate key in fc3 trigger config", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      functionName: f
      triggers:
        - triggerName: http
          triggerType: http
          triggerConfig:
            authType: function
            authType: anonymous
`, Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "duplicate key authType (first at line 11)", 12, 13)
			if len(p.Functions) != 0 {
				t.Errorf("a file with a duplicate key must not be evaluated: %d functions", len(p.Functions))
			}
		}},
		{"duplicate key in legacy fc", `
edition: 1.0.0
services:
  s:
    component: fc
    props:
      region: cn-hangzhou
      function:
        name: f
        timeout: 10
        timeout: 600
`, Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "duplicate key timeout (first at line 9)", 10, 9)
		}},
		{"instance counts out of the catalog range", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      functionName: f
      scalingConfig: {minInstances: 2000000000}
      provisionConfig:
        target: 999999999999
        scheduledActions:
          - {name: a, target: -1, scheduleExpression: "cron(0 0 8 * * *)"}
      timeout: 99999999999
`, Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "scalingConfig.minInstances 2000000000: expected 0..1000000 (catalog platform.instanceCount)", 7, 37)
			wantDiag(t, p, model.DiagError, "provisionConfig.target 999999999999: expected 0..1000000", 9, 17)
			wantDiag(t, p, model.DiagError, "scheduledActions[0].target -1: expected 0..1000000", 11, 31)
			wantDiag(t, p, model.DiagError, "timeout 99999999999: integer out of range (expected -2147483648..2147483647)", 12, 16)
			f := fn(t, p, 0)
			if f.Scaling.MinInstances.Set || f.Scaling.ProvisionedTarget.Set {
				t.Errorf("out-of-range counts must be unset: %+v %+v", f.Scaling.MinInstances, f.Scaling.ProvisionedTarget)
			}
		}},
		{"instance counts at the range ends load", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      functionName: f
      scalingConfig: {minInstances: 0}
      provisionConfig: {target: 1000000}
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
		}},
		{"duplicate top-level key", "edition: 3.0.0\nresources: {}\nresources: {}\n", Options{}, func(t *testing.T, p *model.Project) {
			wantDiag(t, p, model.DiagError, "duplicate key resources (first at line 2)", 3, 1)
		}},
	})
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"edition: 3.0.0\nresources:\n  a: {}\n", true},
		{"edition: 1.0.0\nservices:\n  a: {}\n", true},
		{"---\nkind: x\n---\nedition: 3.0.0\nresources: {}\n", true},
		{"edition: 3.0.0\nname: x\n", false},
		{"resources:\n  a: {}\n", false},
		{"# edition resources\nfoo: bar\n", false},
		{"[edition, resources]", false},
		// Broken YAML that looks like a Serverless Devs file is detected, so
		// Load reports the syntax error instead of the file being skipped.
		{"edition: 3.0.0\nresources: [unclosed", true},
		{"{edition: 3.0.0, resources: {}}", true},
		{"", false},
	} {
		if got := Detect([]byte(tc.src)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestLoadBlowup checks that inputs built to expand exponentially (merge
// cycles, diamonds of aliases, variables that double at each level) load
// with a bounded amount of work.
func TestLoadBlowup(t *testing.T) {
	var vars strings.Builder
	vars.WriteString("edition: 3.0.0\nvars:\n")
	for i := 0; i < 8; i++ {
		vars.WriteString("  v" + string(rune('0'+i)) + ": '" + strings.Repeat("${vars.v"+string(rune('1'+i))+"}", 10) + "'\n")
	}
	vars.WriteString("  v8: x\nresources:\n  f:\n    component: fc3\n    props: {region: '${vars.v0}'}\n")
	for _, tc := range []struct {
		name, src, warning string
	}{
		{"merge cycle", "edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props: &p\n      <<: [*p, *p]\n      runtime: go1\n", ""},
		{"merge diamond", "edition: 3.0.0\nx: &a {<<: [*a, *a, *a], runtime: go1}\nresources:\n  f:\n    component: fc3\n    props: {<<: *a}\n", ""},
		{"variable expansion", vars.String(), "variables expand too much"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Load("s.yaml", []byte(tc.src), Options{})
			if len(p.Functions) != 1 {
				t.Fatalf("functions %d, diagnostics %v", len(p.Functions), p.Diagnostics)
			}
			if tc.warning != "" {
				wantDiag(t, p, model.DiagWarning, tc.warning, 1, 1)
			}
		})
	}
}

func TestLoadResourceKeyMisspelled(t *testing.T) {
	p := Load("s.yaml", []byte("edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    prop:\n      functionName: f\n"), Options{})
	wantDiag(t, p, model.DiagWarning, `unknown prop "prop" in resources.f; did you mean "props"?`, 5, 5)
	wantDiag(t, p, model.DiagError, "expected `props`", 3, 3)
}

func TestLoadMore(t *testing.T) {
	t.Setenv("FCPLAN_TEST_PROCESS_ENV", "from-process")
	runLoadCases(t, []loadCase{
		{"process environment is never read", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      region: ${env('FCPLAN_TEST_PROCESS_ENV')}
      handler: ${env.FCPLAN_TEST_PROCESS_ENV}
`, Options{}, func(t *testing.T, p *model.Project) {
			f := fn(t, p, 0)
			wantUnknown(t, "env()", f.Region, "${env('FCPLAN_TEST_PROCESS_ENV')}", 6)
			wantUnknown(t, "env.X", f.Handler, "${env.FCPLAN_TEST_PROCESS_ENV}", 7)
		}},
		{"eventbridge and unquoted template whole values", `
edition: 3.0.0
resources:
  f:
    component: fc3
    props:
      region: {{ region }}
      memorySize: {{ memory | 2048 }}
      triggers:
        - triggerName: eb
          triggerType: eventbridge
          triggerConfig:
            triggerEnable: true
            asyncInvocationType: false
            eventRuleFilterPattern: '{}'
            eventSourceConfig:
              eventSourceType: RocketMQ
              eventSourceParameters:
                sourceRocketMQParameters:
                  InstanceId: MQ_INST_1
                  Topic: orders
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantUnknown(t, "region", f.Region, "{{ region }}", 6)
			wantKnown(t, "memory default", f.MemoryMB, 2048, 7)
			es := f.Triggers[0].EventSource
			if es == nil {
				t.Fatal("no event source")
			}
			wantKnown(t, "eb type", f.Triggers[0].Type, model.TriggerEventBridge, 10)
			wantKnown(t, "eb source type", es.SourceType, "RocketMQ", 16)
			wantKnown(t, "eb topic", es.Source, "orders", 20)
		}},
		{"legacy spellings: vSwitchIds, customDomains, service role ARN, string events", `
edition: 2.0.0
services:
  s:
    component: devsapp/fc
    props:
      service:
        role: acs:ram::1:role/r
        vpcConfig:
          vpcId: vpc-1
          vSwitchIds: [vsw-9]
      function:
        runtime: go1
      triggers:
        - name: up
          type: oss
          config:
            bucketName: b
            events: oss:ObjectCreated:*
            filter:
              key:
                prefix: x/
      customDomains:
        - domainName: api.example.com
          protocol: HTTP,HTTPS
          certConfig:
            certName: c
          routeConfigs:
            - path: /a
              functionName: other
`, Options{}, func(t *testing.T, p *model.Project) {
			noErrors(t, p)
			f := fn(t, p, 0)
			wantKnown(t, "name from key", f.Name, "s", 3)
			wantKnown(t, "service from key", f.Service, "s", 3)
			wantKnown(t, "role", f.Role, "acs:ram::1:role/r", 7)
			wantKnown(t, "vswitch", f.VPC.VSwitchIDs[0], "vsw-9", 10)
			o := f.Triggers[0].OSS
			wantKnown(t, "bucket", o.Bucket, "b", 17)
			wantKnown(t, "event", o.Events[0], "oss:ObjectCreated:*", 18)
			wantKnown(t, "prefix", o.Prefix, "x/", 21)
			if len(p.CustomDomains) != 1 {
				t.Fatalf("domains %d", len(p.CustomDomains))
			}
			d := p.CustomDomains[0]
			wantKnown(t, "domain fn", d.Functions[0], "other", 29)
			wantKnown(t, "cert", d.HasCertificate, true, 25)
		}},
	})
}
