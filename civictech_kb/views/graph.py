"""The relations between records as a graph: for one record's neighbourhood
or the whole collection. Renderers turn it into Mermaid or Graphviz DOT.

Around a source record the graph is what rests on it: an edge "cites" from
each record citing it (in its sources or a milestone's). The whole
collection's graph leaves sources out: nearly every record cites the same
few, which would hide the relations."""

from __future__ import annotations

from collections import deque

from civictech_kb.model.problems import NotFound
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.citations import citing_records
from civictech_kb.views.results import Graph, GraphEdge, GraphNode

RELATION_LABELS = {
    "inspired_by": "inspired by",
    "part_of": "part of",
    "organized_by": "organized by",
    "partner_of": "partner of",
    "funded_by": "funded by",
    "built_by": "built by",
}
CITES = "cites"  # a record resting on a source record


def relation_graph(collection: Collection, center: str | None = None, depth: int = 1) -> Graph:
    """Nodes and edges of the relations; around `center` (id, name or alias)
    up to `depth` links away in either direction, or all related records."""
    edges = [
        GraphEdge(source=record.id, target=target, relation=RELATION_LABELS[relation])
        for record in collection.records
        for relation, target in record.relations()
        if target in collection.by_id
    ]
    focus = None
    if center is None:
        keep = {end for edge in edges for end in (edge.source, edge.target)}
    else:
        found = collection.find(center)
        focus = found.id
        if found.type == "source":
            edges += [GraphEdge(source=r["id"], target=focus, relation=CITES)
                      for r in citing_records(collection, focus)]  # fmt: skip
        keep = _neighbourhood(focus, edges, depth)
    nodes = [_node(record) for i in sorted(keep) if (record := collection.get(i)) is not None]
    kept = [e for e in edges if e.source in keep and e.target in keep]
    return Graph(
        center=focus, nodes=nodes, edges=sorted(kept, key=lambda e: (e.source, e.target, e.relation))
    )


def subgraph(graph: Graph, chosen: set[str]) -> Graph:
    """The relations among the chosen records only, and the records they link."""
    edges = [e for e in graph.edges if e.source in chosen and e.target in chosen]
    linked = {end for edge in edges for end in (edge.source, edge.target)}
    return Graph(center=None, nodes=[n for n in graph.nodes if n.id in linked], edges=edges)


def _neighbourhood(start: str, edges: list[GraphEdge], depth: int) -> set[str]:
    if depth < 1:
        raise NotFound("depth must be at least 1")
    links: dict[str, set[str]] = {}
    for edge in edges:
        links.setdefault(edge.source, set()).add(edge.target)
        links.setdefault(edge.target, set()).add(edge.source)
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        node, distance = queue.popleft()
        if distance == depth:
            continue
        for neighbour in links.get(node, ()):
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append((neighbour, distance + 1))
    return seen


def _node(record: Record) -> GraphNode:
    return GraphNode(id=record.id, name=record.name, type=record.type)
