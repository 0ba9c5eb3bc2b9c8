"""One module per command output: list, show, summary, agenda and stats, each in every format it offers."""
