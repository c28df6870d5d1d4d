"""Graphviz DOT, for `dot -Tsvg`. Every id and label is a quoted DOT string."""

from __future__ import annotations

from civictech_kb.render import Display, unsupported
from civictech_kb.views.results import Graph

TYPE_COLOURS = {
    "project": "#2b6cb0",
    "community": "#2f855a",
    "organization": "#c05621",
    "event": "#6b46c1",
    "country": "#4a5568",
    "source": "#975a16",
}


def quote(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, one line."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def digraph(graph: Graph) -> str:
    lines = ["digraph ctkb {", "    rankdir=LR;",
             '    node [shape=box, style="rounded", fontname="Helvetica"]; edge [fontname="Helvetica"];']  # fmt: skip
    for node in graph.nodes:
        colour = TYPE_COLOURS[node.type]
        centre = ', penwidth="3"' if node.id == graph.center else ""
        lines.append(f"    {quote(node.id)} [label={quote(node.name)}, color={quote(colour)}{centre}];")
    for edge in graph.edges:
        lines.append(f"    {quote(edge.source)} -> {quote(edge.target)} [label={quote(edge.relation)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(view: object, display: Display) -> str:
    if not isinstance(view, Graph):
        raise unsupported("dot", view)
    return digraph(view)
