// Command shuangsui runs "双随机、一公开" spot-check draws in front of
// witnesses, reproducibly, and keeps their records. See README.md.
package main

import (
	"os"

	"shuangsui/ui/cli"
	"shuangsui/ui/cli/tuning"
)

func main() {
	stop := tuning.Start(os.Getenv, os.Stderr)
	code := cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
