"""What a record is: the record and collection types, the pydantic schema, the
vocabularies (countries, regions, topics, challenge categories) and problems. No I/O
but reading the package's own vocabulary files."""
