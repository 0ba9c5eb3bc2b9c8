"""Views: every table, line format, JSON shape, briefing and calendar that jbz writes.

Renderers take core results and a `Style` (terminal or not, colour, width) and write text or bytes; they
may import `jbz_cli.core` and rich, never `store`, `check` or `cli`, and they never read the environment
themselves: the CLI decides the style once and passes it in.

Where things live: `terminal` (Style, consoles, wrapping, `one_line` for record text), `lines` (tsv, csv,
ids, json, jsonl writers), `json_indent` (indented JSON, byte for byte json.dumps), `shapes` (every JSON shape;
docs/schema has their schemas), `escape` (escaping per output format), `views/` (one module per command
output), `brief_render` (jbz brief), `ics` (calendars) and `feed` (the Atom feed).
"""
