"""One module per command: each parses its options, calls the core and a renderer, and returns an ExitStatus.

Commands never exit themselves; `jbz_cli.cli.app` registers them and maps what they return or raise to the
process exit status in one place.
"""
