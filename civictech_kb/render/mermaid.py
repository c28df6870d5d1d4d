"""Mermaid flowcharts, rendered natively by GitHub and many wikis.

Node ids are generated (n1, n2, ...) so no record id can break the syntax;
labels are quoted with every character that Mermaid treats specially written
as an entity code."""

from __future__ import annotations

from civictech_kb.render import Display, unsupported
from civictech_kb.views.results import Graph, GraphNode

TYPE_STYLES = {
    "project": "fill:#e8f1fb,stroke:#2b6cb0",
    "community": "fill:#eaf7ee,stroke:#2f855a",
    "organization": "fill:#fdf3e7,stroke:#c05621",
    "event": "fill:#f5ecfa,stroke:#6b46c1",
    "country": "fill:#f2f2f2,stroke:#4a5568",
    "source": "fill:#fffbea,stroke:#975a16",
}


CENTER = "_center"  # the record a neighbourhood is drawn around gets a thick border
CENTER_STYLE = ",stroke-width:4px"


def _class(node: GraphNode, center: str | None) -> str:
    return node.type + (CENTER if node.id == center else "")


def label(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    out = []
    for char in " ".join(str(text).split()):
        if char.isalnum() or char in " .,-_()/'":
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def flowchart(graph: Graph) -> str:
    ids = {node.id: f"n{number}" for number, node in enumerate(graph.nodes, start=1)}
    classes = {node.id: _class(node, graph.center) for node in graph.nodes}
    lines = ["flowchart LR"]
    for node in graph.nodes:
        lines.append(f'    {ids[node.id]}["{label(node.name)}"]:::{classes[node.id]}')
    for edge in graph.edges:
        lines.append(f'    {ids[edge.source]} -->|"{label(edge.relation)}"| {ids[edge.target]}')
    for kind in sorted(set(classes.values())):
        style = TYPE_STYLES[kind.removesuffix(CENTER)]
        lines.append(f"    classDef {kind} {style}{CENTER_STYLE if kind.endswith(CENTER) else ''}")
    return "\n".join(lines) + "\n"


def render(view: object, display: Display) -> str:
    if not isinstance(view, Graph):
        raise unsupported("mermaid", view)
    return flowchart(view)
