"""source.lease_until: a source whose check is queued or running is not enqueued again

The sweep takes the lease of every due source in one conditional UPDATE; the check clears it
when it ends. It expires, so the check of a worker that died is enqueued again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
