package model

import (
	"reflect"
	"strconv"
	"strings"
)

type positioned interface{ Position() Pos }

var posType = reflect.TypeOf(Pos{})

// Positions maps the JSON path of every set attribute of v ("memoryMB",
// "vpc.vswitchIds[1]", "triggers[0].oss.bucket") to where it was written.
// Attributes without a position are left out.
func Positions(v any) map[string]Pos {
	out := map[string]Pos{}
	walkPositions(reflect.ValueOf(v), "", out)
	return out
}

func walkPositions(v reflect.Value, path string, out map[string]Pos) {
	if !v.IsValid() {
		return
	}
	if v.CanInterface() {
		if p, ok := v.Interface().(positioned); ok {
			if pos := p.Position(); pos.IsValid() {
				out[path] = pos
			}
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkPositions(v.Elem(), path, out)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			el := v.Index(i)
			// Environment variables are keyed by name for readable paths.
			if e, ok := el.Interface().(EnvVar); ok {
				walkPositions(reflect.ValueOf(e.Value), path+"."+e.Name, out)
				continue
			}
			walkPositions(el, path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Type == posType {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || name == "positions" || name == "links" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			walkPositions(v.Field(i), join(path, name), out)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
