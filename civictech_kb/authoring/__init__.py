"""Writing records: `ctkb new`, `ctkb fmt` and the editor JSON Schema."""
