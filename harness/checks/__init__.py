"""The checks a record goes through: schema, snapshot, quality."""
