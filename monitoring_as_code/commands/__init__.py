"""One module per `mac` command; each defines `command`."""
