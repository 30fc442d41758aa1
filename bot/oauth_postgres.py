"""slack_sdk's SQLAlchemy installation and state stores on calbot's PostgreSQL database."""

from __future__ import annotations

import sqlalchemy
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

_TABLES_LOCK = 0x0CA1_B08  # pg_advisory_xact_lock key while slack_sdk's tables are created


class PostgresInstallations(SQLAlchemyInstallationStore):
    def find_bot_for_team(self, team_id: str) -> Bot | None:
        c = self.bots.c
        query = (sqlalchemy.select(c.enterprise_id)
                 .where(c.client_id == self.client_id, c.team_id == team_id)
                 .order_by(c.installed_at.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return self.find_bot(enterprise_id=row[0] or None, team_id=team_id)


def postgres_stores(url: str, client_id: str, expiration_s: int
                    ) -> tuple[PostgresInstallations, SQLAlchemyOAuthStateStore]:
    engine = sqlalchemy.create_engine(
        "postgresql+psycopg://" + url.split("://", 1)[1], pool_pre_ping=True)
    installations = PostgresInstallations(client_id=client_id, engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=expiration_s, engine=engine)
    with engine.begin() as conn:  # several processes may start at once
        conn.execute(sqlalchemy.text("SELECT pg_advisory_xact_lock(:key)"),
                     {"key": _TABLES_LOCK})
        installations.metadata.create_all(conn)
        states.metadata.create_all(conn)
    return installations, states
