"""The command line: typer options in, one core call, one renderer, an exit status out.

This is the only package that reads the environment, the clock and the terminal (through
`jbz_cli.env`), and the only one that imports typer. It may import every other package.
"""
