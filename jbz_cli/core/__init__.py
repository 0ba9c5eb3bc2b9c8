"""The pure core: dates and due windows, the record model, flags, filters and the overviews built from them.

Everything here takes plain values (records, an as-of date, settings) and returns dataclasses. It reads no
files, no clock, no environment and no terminal, and imports nothing from jbz's other packages except
`jbz_cli.errors`, so every rule can be tested on its own and reused by the index, the checker and the views.
"""
