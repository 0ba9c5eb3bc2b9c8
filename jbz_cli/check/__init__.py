"""`jbz check`: validate record files like a compiler, one `path:line:col: severity: message [rule]` per problem.

The rules read files through `jbz_cli.store` and judge them with `jbz_cli.core`; they never import
`present` or `cli`, nor typer or rich, so a pre-commit hook or an editor can run them directly.
"""
