"""ix_document_version_latest: the watchlist page picks each quarter's latest version from an index

The latest version of a quarter is now the one seen last and never a suspect one (0003), so
the listing index that lets the page skip the wide rows (raw bytes, parsed JSON) holds
``seen_at`` and ``suspect`` instead of ``fetched_at``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:00:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index("ix_document_version_listing")
        batch_op.create_index("ix_document_version_latest", ["company_id", "period", "seen_at", "suspect"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index("ix_document_version_latest")
        batch_op.create_index("ix_document_version_listing", ["company_id", "period", "fetched_at"], unique=False)
