"""document_version.seen_at, .suspect and .previous_parsed: which version of a quarter is the latest

The latest version of a quarter is the one a check found last (``seen_at``), not the newest
row, so a page restored after a bad copy is the latest again. A new version that loses most of
the statements of the latest one is kept but held (``suspect``) until it is seen again or
confirmed. ``earnwatch reparse`` keeps the parse it replaces (``previous_parsed``).
Versions stored before were each last seen when they were fetched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("suspect", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("previous_parsed", sa.JSON(), nullable=True))
    op.execute("UPDATE document_version SET seen_at = fetched_at")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.alter_column("seen_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_column("previous_parsed")
        batch_op.drop_column("suspect")
        batch_op.drop_column("seen_at")
