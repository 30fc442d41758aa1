"""Named schema migrations, one list per engine with the same names in the same order."""

from storage.migrations.postgres import MIGRATIONS as POSTGRES_MIGRATIONS
from storage.migrations.sqlite import MIGRATIONS, Migration

__all__ = ["MIGRATIONS", "POSTGRES_MIGRATIONS", "Migration"]
