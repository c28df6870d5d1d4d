"""Full-text search over a collection: text normalisation, the index, query
parsing, ranking and snippets."""
