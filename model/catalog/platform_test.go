package catalog

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// Every figure of the platform section names where it comes from: a
// reference or, for behaviour the platform does not document, a note that
// says so.
func TestPlatformFiguresHaveSources(t *testing.T) {
	p := Default().Platform
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			if v.Type() == reflect.TypeOf(Source{}) {
				s := v.Interface().(Source)
				if strings.TrimSpace(s.Ref) == "" && strings.TrimSpace(s.Note) == "" {
					t.Errorf("%s: no ref and no note", path)
				}
				return
			}
			for i := 0; i < v.NumField(); i++ {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(path+"["+k.String()+"]", v.MapIndex(k))
			}
		}
	}
	walk("platform", reflect.ValueOf(p))
}

func TestPlatformValuesAreSane(t *testing.T) {
	p := Default().Platform
	if p.MemoryMB.Min > p.MemoryMB.Default || p.MemoryMB.Default > p.MemoryMB.Max || p.MemoryMB.Default%p.MemoryMB.Step != 0 {
		t.Errorf("memory range %+v", p.MemoryMB)
	}
	if p.InstanceConcurrency.Default < 1 || p.TimeoutSeconds.Default < 1 || p.MaxInstances.Value < 1 {
		t.Error("concurrency, timeout and max instances must be positive")
	}
	if p.TargetTracking.Interval.Value.D() <= 0 {
		t.Error("tracking interval must be positive")
	}
	if p.Async.BackoffMin.Value.D() > p.Async.BackoffMax.Value.D() {
		t.Error("async backoff min above max")
	}
	if l := p.ScaleOut.For("cn-hangzhou"); l.Burst != 300 || l.PerMinute != 300 {
		t.Errorf("cn-hangzhou scale-out %+v, want 300 + 300/min (FC docs)", l)
	}
	if l := p.ScaleOut.For("ap-southeast-1"); l != p.ScaleOut.Default {
		t.Errorf("unlisted region got %+v, want the default", l)
	}
	for _, fam := range []string{"go", "nodejs", "python", "java", "dotnet", "php", "custom", "custom-container", "default"} {
		if f, ok := p.ColdStart.Runtimes[fam]; !ok || f.Spec == "" {
			t.Errorf("no cold-start profile for %s", fam)
		}
	}
}

func TestRuntimeFamily(t *testing.T) {
	for in, want := range map[string]string{
		"go1": "go", "nodejs18": "nodejs", "nodejs20": "nodejs", "python3.10": "python", "java17": "java",
		"dotnetcore3.1": "dotnet", "php7.2": "php", "custom": "custom", "custom.debian10": "custom",
		"custom-container": "custom-container", "": "default", "cobol": "default", " Go1 ": "go",
	} {
		if got := RuntimeFamily(in); got != want {
			t.Errorf("RuntimeFamily(%q) = %q, want %q", in, got, want)
		}
	}
	if _, fam := Default().Platform.ColdStart.RuntimeStart("cobol"); fam != "default" {
		t.Errorf("unknown runtime resolved to %q", fam)
	}
}

// A function that sets no cpu gets the fc3 schema's default 0.35 vCPU at
// its default 512 MB, in proportion for other sizes, within the vCPU range.
func TestDefaultVCPU(t *testing.T) {
	p := Default().Platform
	for mem, want := range map[int]float64{512: 0.35, 1024: 0.7, 128: 0.0875, 32768: 16} {
		if got := p.DefaultVCPU(mem); math.Abs(got-want) > 1e-12 {
			t.Errorf("DefaultVCPU(%d MB) = %g, want %g", mem, got, want)
		}
	}
	if p.DefaultVCPU(p.MemoryMB.Default) != p.VCPU.Default {
		t.Errorf("the default memory's vCPU %g is not the schema's default cpu %g", p.DefaultVCPU(p.MemoryMB.Default), p.VCPU.Default)
	}
}
