"""The journal database: SQLAlchemy models, engine set-up and repositories, and the
journal repository again on the standard library's `sqlite3` (`sqlite3_journal.py`).

This package is the only place that speaks SQL.
"""
