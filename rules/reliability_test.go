package rules

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/rules/finding"
)

func fn(mod func(f *model.Function)) *model.Project {
	f := &model.Function{Key: "fn", Name: str("fn", 2), Source: at(1, 1), Runtime: str("nodejs20", 3), Generation: model.FC3}
	mod(f)
	p := &model.Project{Functions: []*model.Function{f}}
	p.Link()
	return p
}

func trigger(typ string, line int) *model.Trigger {
	return &model.Trigger{Name: str("t-"+typ, line), Type: str(typ, line+1), Source: at(line, 3)}
}

func ossTrigger(bucket, prefix string, line int) *model.Trigger {
	t := trigger(model.TriggerOSS, line)
	t.OSS = &model.OSSTrigger{Bucket: str(bucket, line+2), Events: strs(line+3, "oss:ObjectCreated:*"), Pos: at(line+2, 3)}
	if prefix != "" {
		t.OSS.Prefix = str(prefix, line+4)
	}
	return t
}

func httpTrigger(auth string, line int) *model.Trigger {
	t := trigger(model.TriggerHTTP, line)
	t.HTTP = &model.HTTPTrigger{AuthType: str(auth, line+2), Pos: at(line+2, 3)}
	return t
}

func TestREL001(t *testing.T) {
	expect(t, "REL001", fn(func(f *model.Function) { f.Triggers = []*model.Trigger{ossTrigger("b", "", 20)} }), nil, want{21, 5, finding.Warning})
	expect(t, "REL001", fn(func(f *model.Function) {
		f.Triggers = []*model.Trigger{ossTrigger("b", "", 20)}
		f.Async = &model.Async{OnFailure: str("acs:mns:cn-hangzhou:1:/queues/dlq/messages", 31), Pos: at(30, 3)}
	}), nil)
	expect(t, "REL001", fn(func(f *model.Function) {
		f.Async = &model.Async{MaxRetries: num(1, 31), Pos: at(30, 3)}
	}), nil, want{30, 3, finding.Warning})
	expect(t, "REL001", fn(func(f *model.Function) { f.Triggers = []*model.Trigger{httpTrigger("function", 20)} }), nil)
}

func TestREL002(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(f *model.Function)
		wants []want
	}{
		{"same bucket, no prefix", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "", 20)}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 40)}
		}, []want{{22, 5, finding.Error}}},
		{"output prefix inside trigger prefix", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "img/", 20)}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 40), env("OUTPUT_PREFIX", "img/thumbs/", 41)}
		}, []want{{22, 5, finding.Error}}},
		{"output prefix separated", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "uploads/", 20)}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 40), env("OUTPUT_PREFIX", "thumbnails/", 41)}
		}, nil},
		{"other bucket", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "", 20)}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "thumbs", 40)}
		}, nil},
		{"oss url with prefix", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "in/", 20)}
			f.Env = []model.EnvVar{env("DEST", "oss://photos/in/out/", 40)}
		}, []want{{22, 5, finding.Error}}},
		{"bucket named for reading only", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "", 20)}
			f.Env = []model.EnvVar{env("BUCKET_NAME", "photos", 40), env("OSS_ENDPOINT", "oss-cn-hangzhou-internal.aliyuncs.com", 41)}
		}, nil},
		{"bucket plus output prefix inside", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "", 20)}
			f.Env = []model.EnvVar{env("BUCKET_NAME", "photos", 40), env("RESULT_PREFIX", "results/", 41)}
		}, []want{{22, 5, finding.Error}}},
		{"output bucket without prefix, trigger has one", func(f *model.Function) {
			f.Triggers = []*model.Trigger{ossTrigger("photos", "uploads/", 20)}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 40)}
		}, nil},
		{"delete events only", func(f *model.Function) {
			tr := ossTrigger("photos", "", 20)
			tr.OSS.Events = strs(23, "oss:ObjectRemoved:DeleteObject")
			f.Triggers = []*model.Trigger{tr}
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 40)}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := expect(t, "REL002", fn(tt.mod), nil, tt.wants...)
			for _, g := range got {
				if len(g.Related) == 0 || g.Related[0].Location.Line == 0 {
					t.Errorf("no related evidence: %+v", g)
				}
			}
		})
	}
}

func TestREL002Policy(t *testing.T) {
	build := func(resource, envPrefix string) *model.Project {
		pol := policy("p", stmt("Allow", []string{"oss:PutObject"}, []string{resource}))
		p := ramProject(pol)
		f := p.Functions[0]
		f.Triggers = []*model.Trigger{ossTrigger("photos", "uploads/", 60)}
		if envPrefix != "" {
			f.Env = []model.EnvVar{env("OUTPUT_BUCKET", "photos", 70), env("OUTPUT_PREFIX", envPrefix, 71)}
		}
		return p
	}
	got := expect(t, "REL002", build("acs:oss:*:*:photos/*", ""), nil, want{62, 5, finding.Error})
	if got[0].Related[0].Location.Line != 20 {
		t.Errorf("related should point at the policy resource (line 20): %+v", got[0].Related)
	}
	expect(t, "REL002", build("acs:oss:*:*:photos/uploads/*", ""), nil, want{62, 5, finding.Error})
	expect(t, "REL002", build("acs:oss:*:*:photos/results/*", ""), nil)
	expect(t, "REL002", build("acs:oss:*:*:photos/*", "results/"), nil)
	expect(t, "REL002", build("acs:oss:*:*:other/*", ""), nil)
	// An output bucket elsewhere clears a sloppy policy on the trigger bucket.
	p := build("acs:oss:*:*:photos/*", "")
	p.Functions[0].Env = []model.EnvVar{env("OUTPUT_BUCKET", "thumbnails", 70)}
	expect(t, "REL002", p, nil)
}

func TestREL003(t *testing.T) {
	long := func(f *model.Function) {
		f.TimeoutSeconds = num(3600, 5)
		f.Triggers = []*model.Trigger{httpTrigger("anonymous", 20)}
	}
	// The embedded catalog does not limit plain HTTP triggers.
	expect(t, "REL003", fn(long), nil)
	c := catalog.Default()
	c.Runtimes.Sync.HTTPTriggerMaxSeconds.Value = 900
	expect(t, "REL003", fn(long), &Context{Catalog: c}, want{5, 5, finding.Warning})
	expect(t, "REL003", fn(func(f *model.Function) {
		f.TimeoutSeconds = num(600, 5)
		f.Triggers = []*model.Trigger{httpTrigger("anonymous", 20)}
	}), &Context{Catalog: c})
	// API Gateway backends wait at most 30 s on a shared instance.
	expect(t, "REL003", fn(func(f *model.Function) {
		f.TimeoutSeconds = num(60, 5)
		f.Triggers = []*model.Trigger{{Name: str("gw", 20), Type: model.UnknownValue[string]("apigw", at(21, 5)), Source: at(20, 3)}}
	}), nil, want{5, 5, finding.Warning})
	expect(t, "REL003", fn(func(f *model.Function) {
		f.TimeoutSeconds = num(20, 5)
		f.Triggers = []*model.Trigger{{Name: str("gw", 20), Type: model.UnknownValue[string]("apigw", at(21, 5)), Source: at(20, 3)}}
	}), nil)
}

func TestREL004(t *testing.T) {
	expect(t, "REL004", fn(func(f *model.Function) { f.Runtime = str("nodejs12", 3) }), nil, want{3, 5, finding.Warning})
	expect(t, "REL004", fn(func(f *model.Function) { f.Runtime = str("php7.2", 3) }), nil, want{3, 5, finding.Info})
	expect(t, "REL004", fn(func(f *model.Function) { f.Runtime = str("nodejs20", 3) }), nil)
	expect(t, "REL004", fn(func(f *model.Function) { f.Runtime = unknownStr("${env('runtime','nodejs12')}", 3) }), nil)
}

func TestREL005(t *testing.T) {
	expect(t, "REL005", fn(func(f *model.Function) {}), nil, want{2, 5, finding.Info})
	expect(t, "REL005", fn(func(f *model.Function) { f.Log = &model.LogConfig{Auto: true, Pos: at(6, 3)} }), nil)
	expect(t, "REL005", fn(func(f *model.Function) {
		f.Log = &model.LogConfig{Project: unknownStr("${vars.project}", 7), Logstore: str("fn", 8), Pos: at(6, 3)}
	}), nil)
	expect(t, "REL005", fn(func(f *model.Function) { f.Log = &model.LogConfig{Pos: at(6, 3)} }), nil, want{6, 3, finding.Info})
	expect(t, "REL005", fn(func(f *model.Function) {
		f.Layers = []model.Str{str("acs:fc:cn-hangzhou:123:layers/my-sls-logging/versions/2", 9)}
	}), nil)
	// A layer that has nothing to do with logs does not count.
	expect(t, "REL005", fn(func(f *model.Function) {
		f.Layers = []model.Str{str("acs:fc:cn-hangzhou:official:layers/Python310-Pandas/versions/1", 9)}
	}), nil, want{2, 5, finding.Info})
}

func TestREL005OncePerFile(t *testing.T) {
	p := fn(func(f *model.Function) {})
	second := *p.Functions[0]
	second.Key, second.Name, second.Source = "fn2", str("fn2", 12), at(12, 3)
	third := second
	third.Key, third.Name, third.Source = "fn3", model.Str{Set: true, V: "fn3", Pos: model.Pos{File: "other.yaml", Line: 4, Column: 5}}, model.Pos{File: "other.yaml", Line: 4, Column: 3}
	p.Functions = append(p.Functions, &second, &third)
	got := expect(t, "REL005", p, nil, want{2, 5, finding.Info}, want{4, 5, finding.Info})
	if !strings.Contains(got[0].Message, "2 functions") || !strings.Contains(got[0].Message, "fn2") || len(got[0].Related) != 1 {
		t.Errorf("first finding does not list both functions of its file: %s (related %d)", got[0].Message, len(got[0].Related))
	}
	if strings.Contains(got[1].Message, "functions have") {
		t.Errorf("second file's single function reported as a group: %s", got[1].Message)
	}
}

func TestCOST001AndSEC002(t *testing.T) {
	anon := func(f *model.Function) { f.Triggers = []*model.Trigger{httpTrigger("anonymous", 20)} }
	expect(t, "COST001", fn(anon), nil, want{22, 5, finding.Warning})
	expect(t, "SEC002", fn(anon), nil, want{22, 5, finding.Info})
	capped := func(f *model.Function) { anon(f); f.Scaling.MaxInstances = num(10, 9) }
	expect(t, "COST001", fn(capped), nil)
	expect(t, "SEC002", fn(capped), nil, want{22, 5, finding.Info})
	authed := func(f *model.Function) { f.Triggers = []*model.Trigger{httpTrigger("function", 20)} }
	expect(t, "COST001", fn(authed), nil)
	expect(t, "SEC002", fn(authed), nil)
	private := func(f *model.Function) { anon(f); f.Triggers[0].HTTP.DisableURLInternet = boolean(true, 25) }
	expect(t, "COST001", fn(private), nil)
	expect(t, "SEC002", fn(private), nil)
}

func TestCOST002(t *testing.T) {
	got := expect(t, "COST002", fn(func(f *model.Function) {
		f.Generation = model.FC2
		f.MemoryMB = num(512, 4)
		f.Scaling.ProvisionedTarget = num(5, 8)
	}), nil, want{8, 5, finding.Info})
	// FACTS.md: 5 x 0.5 GiB x 86,400 s x 30 days x 0.000110592 = 716.64 CNY.
	if !strings.Contains(got[0].Message, "716.64 CNY") {
		t.Errorf("FC 2.0 idle cost: %s", got[0].Message)
	}
	got = expect(t, "COST002", fn(func(f *model.Function) {
		f.MemoryMB = num(1024, 4)
		f.Scaling.MinInstances = num(2, 8)
	}), nil, want{8, 5, finding.Info})
	// 2 x 1 GB x 0.15 CU/GB-s x 2,592,000 s = 777,600 CU x 0.00011 CNY = 85.54 CNY.
	if !strings.Contains(got[0].Message, "85.54 CNY") {
		t.Errorf("FC 3.0 idle cost: %s", got[0].Message)
	}
	expect(t, "COST002", fn(func(f *model.Function) {
		f.Scaling.MinInstances = num(2, 8)
		f.Scaling.ScheduledPolicies = []model.ScheduledPolicy{{Name: str("night", 10), Target: num(0, 11)}}
	}), nil)
	expect(t, "COST002", fn(func(f *model.Function) { f.Scaling.MinInstances = num(0, 8) }), nil)
	expect(t, "COST002", fn(func(f *model.Function) {
		f.Scaling.MinInstances = model.UnknownValue[int]("${vars.min}", at(8, 5))
	}), nil)
}

func TestCOST003(t *testing.T) {
	http := func(f *model.Function) { f.Triggers = []*model.Trigger{httpTrigger("function", 20)} }
	expect(t, "COST003", fn(func(f *model.Function) { f.Runtime = str("custom-container", 3); http(f) }), nil, want{3, 5, finding.Info})
	expect(t, "COST003", fn(func(f *model.Function) {
		f.Runtime = str("custom.debian10", 3)
		f.InstanceConcurrency = num(1, 6)
		http(f)
	}), nil, want{6, 5, finding.Info})
	expect(t, "COST003", fn(func(f *model.Function) {
		f.Runtime = str("custom", 3)
		f.InstanceConcurrency = num(20, 6)
		http(f)
	}), nil)
	expect(t, "COST003", fn(func(f *model.Function) { f.Runtime = str("nodejs20", 3); http(f) }), nil)
	expect(t, "COST003", fn(func(f *model.Function) { f.Runtime = str("custom", 3) }), nil)
}

func TestCOST004(t *testing.T) {
	expect(t, "COST004", fn(func(f *model.Function) { f.Triggers = []*model.Trigger{ossTrigger("b", "", 20)} }), nil, want{2, 5, finding.Info})
	expect(t, "COST004", fn(func(f *model.Function) {
		f.Triggers = []*model.Trigger{ossTrigger("b", "", 20)}
		f.TimeoutSeconds = num(60, 5)
	}), nil)
	expect(t, "COST004", fn(func(f *model.Function) { f.Triggers = []*model.Trigger{trigger(model.TriggerTimer, 20)} }), nil)
	expect(t, "COST004", fn(func(f *model.Function) { f.Triggers = []*model.Trigger{httpTrigger("function", 20)} }), nil)
}
