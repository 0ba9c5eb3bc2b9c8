"""Records on disk: finding the records folder, reading and parsing TOML, atomic locked writes, the SQLite index.

It turns files into `jbz_cli.core` records and back, and may import `jbz_cli.core`, `jbz_cli.errors` and
`jbz_cli.env`'s path helpers, never `present` or `cli`, and never typer or rich: a store that printed or
prompted could not be reused by the checker or tested without a terminal.
"""
