"""Revisions, oldest first: 0001 the importer's tables, 0002 the journal."""
