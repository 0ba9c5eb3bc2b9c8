"""The command line: typer options in, one core call, one renderer, an exit status out.

This is the only package that reads the environment, the clock and the terminal (through
`jbz_cli.env`), and the only one that imports typer. It may import every other package.

Where things are: `app` (the typer group and the exit statuses), `commands/` (one module per command),
`options` (shared options and bundles), `context` (the run: Environment, as-of day, `make_run`), `formats` (the
output format), `loading` (records from the index or the files), `filters`, `output` (stdout, -o files, stderr),
`guard` (a command's result to an exit status), `settings`, `complete` (shell completion), `editor`, `pipe`,
`stdin_ids`, `overview` (what summary, agenda and stats read), `vet` (every write must pass `jbz check`) and
`typer_patch` (start-up without pydantic).
"""
