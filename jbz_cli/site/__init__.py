"""jbz site: the tracker as a static website, for readers who do not run jbz.

A presentation layer over present/: `pages` gathers what each page shows from the core (summary, replay, diff,
on-time counts, Council meetings), `charts` draws the replayed history as SVG with a data table beside each chart,
`render` fills the Jinja2 templates in templates/ (autoescaped), and `output` writes only the files whose bytes
changed and runs pagefind for search. It takes records, meetings and the as-of day as arguments: no store, no
environment, no clock, no typer.
"""
