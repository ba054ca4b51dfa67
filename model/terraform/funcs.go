package terraform

import (
	"fmt"
	"math/big"
	"net"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions returns the Terraform functions the static evaluator knows for
// module m. Anything else evaluates to unknown (HCL reports an unknown
// function, which the evaluator turns into an unknown value, not an error).
// File functions are confined to the project (filefuncs.go); every function
// is checked against the evaluation budget before it runs (bounded).
func functions(m *module) map[string]function.Function {
	fs := map[string]function.Function{
		"abs":             stdlib.AbsoluteFunc,
		"basename":        stringFunc(filepath.Base),
		"dirname":         stringFunc(filepath.Dir),
		"endswith":        stringTestFunc(strings.HasSuffix),
		"nonsensitive":    identityFunc,
		"sensitive":       identityFunc,
		"startswith":      stringTestFunc(strings.HasPrefix),
		"can":             tryfunc.CanFunc,
		"ceil":            stdlib.CeilFunc,
		"chomp":           stdlib.ChompFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"cidrhost":        cidrHostFunc,
		"cidrsubnet":      cidrSubnetFunc,
		"coalesce":        coalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        stdlib.ContainsFunc,
		"csvdecode":       stdlib.CSVDecodeFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         stdlib.ElementFunc,
		"flatten":         stdlib.FlattenFunc,
		"floor":           stdlib.FloorFunc,
		"format":          boundedFormat(stdlib.FormatFunc),
		"formatlist":      boundedFormat(stdlib.FormatListFunc),
		"indent":          boundedIndent,
		"index":           stdlib.IndexFunc,
		"join":            stdlib.JoinFunc,
		"jsondecode":      stdlib.JSONDecodeFunc,
		"jsonencode":      stdlib.JSONEncodeFunc,
		"keys":            stdlib.KeysFunc,
		"length":          lengthFunc,
		"log":             stdlib.LogFunc,
		"lookup":          stdlib.LookupFunc,
		"lower":           stdlib.LowerFunc,
		"max":             stdlib.MaxFunc,
		"merge":           stdlib.MergeFunc,
		"min":             stdlib.MinFunc,
		"parseint":        stdlib.ParseIntFunc,
		"pow":             stdlib.PowFunc,
		"range":           stdlib.RangeFunc,
		"regex":           stdlib.RegexFunc,
		"regexall":        stdlib.RegexAllFunc,
		"replace":         stdlib.ReplaceFunc,
		"reverse":         stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setproduct":      boundedSetProduct,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setunion":        stdlib.SetUnionFunc,
		"signum":          stdlib.SignumFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"split":           stdlib.SplitFunc,
		"strrev":          stdlib.ReverseFunc,
		"substr":          stdlib.SubstrFunc,
		"title":           stdlib.TitleFunc,
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":        stdlib.MakeToFunc(cty.String),
		"trim":            stdlib.TrimFunc,
		"trimprefix":      stdlib.TrimPrefixFunc,
		"trimspace":       stdlib.TrimSpaceFunc,
		"trimsuffix":      stdlib.TrimSuffixFunc,
		"try":             tryfunc.TryFunc,
		"upper":           stdlib.UpperFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,
	}
	for name, f := range m.fileFuncs() {
		fs[name] = f
	}
	for name, f := range fs {
		if name == "try" || name == "can" {
			continue // they take expressions, which are budgeted themselves
		}
		fs[name] = m.bounded(name, f)
	}
	return fs
}

// lengthFunc is Terraform's length: collections and strings.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name:             "value",
		Type:             cty.DynamicPseudoType,
		AllowDynamicType: true,
		AllowUnknown:     true,
	}},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		case ty.IsListType() || ty.IsSetType() || ty.IsMapType() || ty.IsTupleType() || ty.IsObjectType():
			if !v.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			return v.Length(), nil
		}
		return cty.UnknownVal(cty.Number), fmt.Errorf("argument must be a string, a collection type, or a structural type")
	},
})

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, network, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %w", err)
		}
		newbits, err := smallInt(args[1])
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		netnum, ok := new(big.Int).SetString(args[2].AsBigFloat().Text('f', 0), 10)
		if !ok || netnum.Sign() < 0 {
			return cty.UnknownVal(cty.String), fmt.Errorf("netnum must be a non-negative whole number")
		}
		ones, bits := network.Mask.Size()
		newLen := ones + newbits
		if newbits < 0 || newLen > bits {
			return cty.UnknownVal(cty.String), fmt.Errorf("insufficient address space to extend prefix of %d by %d", ones, newbits)
		}
		if netnum.BitLen() > newbits {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, netnum)
		}
		base := new(big.Int).SetBytes(network.IP)
		base.Or(base, new(big.Int).Lsh(netnum, uint(bits-newLen)))
		ip := toIP(base, bits)
		return cty.StringVal((&net.IPNet{IP: ip, Mask: net.CIDRMask(newLen, bits)}).String()), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "hostnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, network, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %w", err)
		}
		hostnum, ok := new(big.Int).SetString(args[1].AsBigFloat().Text('f', 0), 10)
		if !ok || hostnum.Sign() < 0 {
			return cty.UnknownVal(cty.String), fmt.Errorf("hostnum must be a non-negative whole number")
		}
		ones, bits := network.Mask.Size()
		if hostnum.BitLen() > bits-ones {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix of %d does not accommodate a host numbered %s", ones, hostnum)
		}
		base := new(big.Int).SetBytes(network.IP)
		base.Or(base, hostnum)
		return cty.StringVal(toIP(base, bits).String()), nil
	},
})

func smallInt(v cty.Value) (int, error) {
	f := v.AsBigFloat()
	if !f.IsInt() {
		return 0, fmt.Errorf("%s is not a whole number", f.String())
	}
	i, acc := f.Int64()
	if acc != big.Exact || i < -1024 || i > 1024 {
		return 0, fmt.Errorf("%s is out of range", f.String())
	}
	return int(i), nil
}

func toIP(n *big.Int, bits int) net.IP {
	b := n.Bytes()
	size := bits / 8
	ip := make(net.IP, size)
	if len(b) > size {
		b = b[len(b)-size:]
	}
	copy(ip[size-len(b):], b)
	return ip
}

// coalesceFunc is Terraform's coalesce: the first argument that is neither
// null nor an empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{
		Name:             "vals",
		Type:             cty.DynamicPseudoType,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowNull:        true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.CoalesceFunc.ReturnTypeForValues(filterEmpty(args))
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return stdlib.Coalesce(filterEmpty(args)...)
	},
})

func filterEmpty(args []cty.Value) []cty.Value {
	var out []cty.Value
	for _, a := range args {
		if a.IsKnown() && !a.IsNull() && a.Type() == cty.String && a.AsString() == "" {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return args
	}
	return out
}

// identityFunc stands for sensitive() and nonsensitive(): marks do not
// matter to a static reader.
var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, _ := args[0].UnmarkDeep()
		return v, nil
	},
})

func stringFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

func stringTestFunc(f func(s, affix string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// The wrappers below keep hostile or mistaken input from making the loader
// allocate without bound (Terraform itself would try).

const maxGenerated = 100000

// boundedFormat rejects width or precision specifiers above 9999.
func boundedFormat(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if len(args) > 0 && args[0].IsKnown() && !args[0].IsNull() && args[0].Type() == cty.String {
				digits := 0
				for _, c := range args[0].AsString() {
					if c >= '0' && c <= '9' {
						digits++
						if digits > 4 {
							return cty.DynamicVal, fmt.Errorf("format width or precision too large")
						}
					} else {
						digits = 0
					}
				}
			}
			return f.Call(args)
		},
	})
}

var boundedIndent = function.New(&function.Spec{
	Params: stdlib.IndentFunc.Params(),
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if n, err := smallInt(args[0]); err != nil || n > 1000 {
			return cty.UnknownVal(cty.String), fmt.Errorf("indent of %s spaces is too large", args[0].AsBigFloat().String())
		}
		return stdlib.IndentFunc.Call(args)
	},
})

var boundedSetProduct = function.New(&function.Spec{
	VarParam: stdlib.SetProductFunc.VarParam(),
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.SetProductFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		total := 1
		for _, a := range args {
			if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
				total *= a.LengthInt() + 1
				if total > maxGenerated {
					return cty.DynamicVal, fmt.Errorf("setproduct would generate too many elements")
				}
			}
		}
		return stdlib.SetProductFunc.Call(args)
	},
})
