"""Database plumbing: declarative base, engines, units of work, SQLite/PostgreSQL differences."""
