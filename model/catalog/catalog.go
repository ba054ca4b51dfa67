// Package catalog holds every price, platform limit, default and profile that
// fcplan uses, as embedded, versioned YAML with a source for each figure.
//
// Each section lives in its own YAML file under data/ and its own Go file
// (prices.go, platform.go, ...). Users override any value with a YAML file of
// the same shape: Load decodes it on top of the embedded data, so a partial
// file changes only what it names (maps merge by key, lists are replaced).
package catalog

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model/safefile"
)

//go:embed data/*.yaml
var embedded embed.FS

// Catalog is the whole catalog. Its sections are declared in their own files.
type Catalog struct {
	// Version names this catalog edition (data/meta.yaml); it changes whenever
	// a figure does, and reports print it so numbers can be traced.
	Version string `yaml:"version" json:"version"`
	// Overrides lists the user files applied on top of the embedded data.
	Overrides []string `yaml:"-" json:"overrides,omitempty"`

	Prices   Prices   `yaml:"prices" json:"prices"`
	Platform Platform `yaml:"platform" json:"platform"`
	ECS      ECS      `yaml:"ecs" json:"ecs"`
	RAM      RAM      `yaml:"ram" json:"ram"`
	Runtimes Runtimes `yaml:"runtimes" json:"runtimes"`
	// BillingEras are the billing rules in force at different times.
	BillingEras BillingEras `yaml:"billingEras" json:"billingEras"`
}

// Default returns the embedded catalog. It panics only if the embedded data is
// malformed, which the package tests rule out.
func Default() *Catalog {
	c, err := load()
	if err != nil {
		panic(err)
	}
	return c
}

// Load returns the embedded catalog with the user's override files applied in
// order. An override with an unknown key is an error naming the file and line.
// Overrides are read through safefile: regular files within the catalog
// size cap only, so a FIFO or a symlink to /dev/zero is refused at once.
func Load(overrides ...string) (*Catalog, error) {
	c, err := load()
	if err != nil {
		return nil, err
	}
	for _, path := range overrides {
		data, err := safefile.Read(path, safefile.Catalog)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("catalog override %s: %w; expected a catalog YAML file", path, err)
		}
		if err := decodeStrict(data, c); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("catalog override %s: the file is empty; expected a catalog YAML mapping (see fcplan's model/catalog/data for the keys)", path)
			}
			return nil, fmt.Errorf("catalog override %s: %w", path, err)
		}
		if err := c.validate(); err != nil {
			return nil, fmt.Errorf("catalog override %s: %w", path, err)
		}
		c.Overrides = append(c.Overrides, path)
	}
	return c, nil
}

func load() (*Catalog, error) {
	names, err := fs.Glob(embedded, "data/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	c := &Catalog{}
	for _, name := range names {
		data, err := embedded.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := decodeStrict(data, c); err != nil {
			return nil, fmt.Errorf("embedded catalog %s: %w", name, err)
		}
	}
	return c, nil
}

func decodeStrict(data []byte, c *Catalog) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		return err
	}
	return nil
}

// validate checks the sections whose figures go into bills: prices and
// billing eras.
func (c *Catalog) validate() error {
	if err := c.Prices.Validate(); err != nil {
		return err
	}
	for _, id := range c.BillingEras.IDs() {
		if _, err := c.BillingEras.Era(id); err != nil {
			return err
		}
	}
	if _, err := c.BillingEras.Era(""); err != nil {
		return fmt.Errorf("billingEras.default: %w", err)
	}
	return nil
}

// Source says where a figure comes from: a document, the date it was read,
// and whether it is confirmed or a seed estimate.
type Source struct {
	Ref       string `yaml:"ref" json:"ref"`
	Retrieved string `yaml:"retrieved,omitempty" json:"retrieved,omitempty"`
	Note      string `yaml:"note,omitempty" json:"note,omitempty"`
}
