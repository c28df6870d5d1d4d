"""Files <-> records: the strict YAML reader, loading with positions, the
cross-record checks, atomic writes and the on-disk cache."""
