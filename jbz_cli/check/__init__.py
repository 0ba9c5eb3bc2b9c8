"""`jbz check`: validate record files like a compiler, one `path:line:col: severity: message [rule]` per problem.

The rules read files through `jbz_cli.store` and judge them with `jbz_cli.core`; they never import
`present` or `cli`, nor typer or rich, so a pre-commit hook or an editor can run them directly.

- `run`: which files belong to which records folder, and running the chosen rules on them.
- `rules`: one function per rule (syntax, schema, dates, ids, related, status, history, quote, topics).
- `files`: a record file as the rules see it, and its folder; the only module that imports `store`.
- `sources`: the folder's topic vocabulary (topics.md) and stored source texts (sources/).
- `diagnostics`: `Diagnostic` (its `to_dict` is the JSON shape), the result, text/json/jsonl output.
"""
