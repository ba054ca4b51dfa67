package rules

import (
	"sort"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
)

// BenchmarkAllRules1000Files runs every rule over 1,000 loaded files: the
// fc3 corpus cycled to 1,000 projects (loading is not timed).
//
//	go test ./rules -run '^$' -bench AllRules1000Files -benchmem
func BenchmarkAllRules1000Files(b *testing.B) {
	corpus := loadCorpus(b)
	var names []string
	for n := range corpus {
		names = append(names, n)
	}
	sort.Strings(names)
	projects := make([]*model.Project, 0, 1000)
	for i := 0; len(projects) < 1000; i++ {
		projects = append(projects, corpus[names[i%len(names)]])
	}
	c := &Context{Catalog: catalog.Default()}
	rules := All()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, p := range projects {
			for _, r := range rules {
				n += len(r.Check(p, c))
			}
		}
		if n == 0 {
			b.Fatal("no findings")
		}
	}
}
