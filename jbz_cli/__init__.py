"""jbz: track the decisions, commitments and deadlines in Dutch government letters on JBZ Councils."""

__version__ = "0.1.0"
