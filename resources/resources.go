// Package resources holds the files bundled into Lastmile's binaries: the
// application icon. It has no dependencies, so any package may use it.
package resources

import _ "embed"

// IconPNG is the application icon, 512×512 pixels.
//
//go:embed Icon.png
var IconPNG []byte
