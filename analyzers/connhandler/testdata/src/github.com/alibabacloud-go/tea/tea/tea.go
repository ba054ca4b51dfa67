// Package tea is a stub of alibabacloud-go/tea.
package tea

func String(s string) *string { return &s }
