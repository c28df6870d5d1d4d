"""The relations graph as an SVG picture: records as labelled dots coloured
by type, relations as arrows, each dot a link to its record's page.

The layout is a force-directed one (Fruchterman-Reingold) started from a
circle in id order and run a fixed number of steps, with coordinates
rounded, so the same relations give the same picture.
"""

from __future__ import annotations

import math

from civictech_kb.model.data import YamlMapping
from civictech_kb.render.jinja_env import render_template

TYPE_COLOURS = {
    "project": "#0072b2", "community": "#e69f00", "organization": "#009e73",
    "event": "#cc79a7", "country": "#56b4e9", "source": "#999999",
}  # fmt: skip
STEPS = 200


def layout(nodes: list[str], edges: list[tuple[str, str]], size: float) -> dict[str, tuple[float, float]]:
    """A position for each node id within a square of side size."""
    count = len(nodes)
    if count == 0:
        return {}
    centre = size / 2
    place = {
        node: [centre + centre * 0.8 * math.cos(2 * math.pi * n / count),
               centre + centre * 0.8 * math.sin(2 * math.pi * n / count)]
        for n, node in enumerate(nodes)
    }  # fmt: skip
    ideal = size / math.sqrt(count) * 0.9
    heat = size / 10
    for _ in range(STEPS):
        shift = {node: [0.0, 0.0] for node in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = place[a][0] - place[b][0], place[a][1] - place[b][1]
                distance = max(0.01, math.hypot(dx, dy))
                push = ideal * ideal / distance
                shift[a][0] += dx / distance * push
                shift[a][1] += dy / distance * push
                shift[b][0] -= dx / distance * push
                shift[b][1] -= dy / distance * push
        for a, b in edges:
            dx, dy = place[a][0] - place[b][0], place[a][1] - place[b][1]
            distance = max(0.01, math.hypot(dx, dy))
            pull = distance * distance / ideal
            shift[a][0] -= dx / distance * pull
            shift[a][1] -= dy / distance * pull
            shift[b][0] += dx / distance * pull
            shift[b][1] += dy / distance * pull
        for node in nodes:
            dx, dy = shift[node]
            length = max(0.01, math.hypot(dx, dy))
            step = min(length, heat)
            place[node][0] = min(size - 20, max(20, place[node][0] + dx / length * step))
            place[node][1] = min(size - 20, max(20, place[node][1] + dy / length * step))
        heat = max(1.0, heat * 0.97)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in place.items()}


def graph_svg(graph: YamlMapping, link: str, key: str = "graph") -> str:
    """The graph (views.graph.relation_graph) as SVG; link is the address of
    a record's page with {id} in it, relative to the page showing the picture."""
    nodes = [node["id"] for node in graph["nodes"]]
    edges = [(edge["source"], edge["target"]) for edge in graph["edges"]]
    size = max(360, min(1200, 110 * math.sqrt(max(1, len(nodes)))))
    places = layout(nodes, edges, size)
    drawn_edges = []
    for edge in graph["edges"]:
        (x1, y1), (x2, y2) = places[edge["source"]], places[edge["target"]]
        length = max(0.01, math.hypot(x2 - x1, y2 - y1))
        end = max(0.0, length - 9) / length  # stop at the target's dot, where the arrow head goes
        drawn_edges.append({
            "x1": x1, "y1": y1, "x2": round(x1 + (x2 - x1) * end, 1), "y2": round(y1 + (y2 - y1) * end, 1),
            "relation": edge["relation"], "source": edge["source"], "target": edge["target"],
        })  # fmt: skip
    drawn_nodes = [
        {**node, "x": places[node["id"]][0], "y": places[node["id"]][1],
         "colour": TYPE_COLOURS.get(node["type"], "#666666"), "href": link.format(id=node["id"]),
         "centre": node["id"] == graph.get("center"), "anchor": "end" if places[node["id"]][0] > size * 0.7 else "start"}
        for node in graph["nodes"]
    ]  # fmt: skip
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    return render_template("site/graph.svg", key=key, size=round(size), nodes=drawn_nodes, edges=drawn_edges,
                           names=names, colours=TYPE_COLOURS)  # fmt: skip
