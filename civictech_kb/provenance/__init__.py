"""Provenance: whether what records say stands in the sources they cite."""
