"""Online applications (一网通办 网上预审) from an outside system, accepted at the window."""
