// Command fcplan lints Alibaba Cloud Function Compute projects, vets their Go
// handlers and simulates their cost and latency under real traffic.
package main

import (
	"os"
)

func main() {
	os.Exit(Execute(os.Args[1:], DefaultStreams()))
}
