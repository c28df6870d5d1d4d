"""Views over a collection: selections, places (countries and regions),
challenges, related records, stats, timeline, graph and the report outline."""
