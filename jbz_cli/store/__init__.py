"""Records on disk: finding the records folder, reading and parsing TOML, atomic locked writes, the SQLite index.

It turns files into `jbz_cli.core` records and back, and imports only `jbz_cli.core`, `jbz_cli.errors` and the
version: never `env` (callers pass the cache folder as a path), `present` or `cli`, and never typer or rich. A
store that read the environment, printed or prompted could not be reused by the checker or tested without a terminal.

files (records folder, reading), toml_text (the TOML parser and line scanner), ids (ids and paths), fsio (atomic
writes and locks, and sweeping what killed writers leave), add (new records), edits (follow-ups and edits), index +
index_sql (SQLite) + index_open (the database file) + index_keys (its name, the folder digests) + index_build (the
rows of changed files) + index_views (summary, agenda and stats from its columns) + index_hits (query answers and
kept JSON shapes) + index_later and index_lock (a cold run answers from the files, one builder afterwards), cache
(the cache folder: pruning, info, clear),
replace (a cache file replaced in one step), history (git).
"""
