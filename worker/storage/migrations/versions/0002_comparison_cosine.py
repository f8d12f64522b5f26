"""comparison.cosine, and indexes that list versions and comparisons without their wide rows

The watchlist page draws every company's similarity to the prior quarter over time; read
out of each stored report's JSON that took seconds with 500 companies × 12 quarters. The
compare stage writes the column with the report; this revision fills it for the reports
stored before. The two indexes cover what the page reads, so neither the raw bytes and parsed
JSON of every document version nor every report is read to draw it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 00:05:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('comparison', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cosine', sa.Float(), nullable=True))
        batch_op.create_index('ix_comparison_summary', ['document_id', 'baseline_id', 'change_count', 'cosine'], unique=False)
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.create_index('ix_document_version_listing', ['company_id', 'period', 'fetched_at'], unique=False)
    connection = op.get_bind()
    comparison = sa.table('comparison', sa.column('id', sa.Integer()), sa.column('report', sa.JSON()), sa.column('cosine', sa.Float()))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(comparison.c.id, comparison.c.report).where(comparison.c.id > last).order_by(comparison.c.id).limit(500)
        ).all()
        if not rows:
            break
        for row_id, report in rows:
            report = json.loads(report) if isinstance(report, str) else (report or {})
            value = (report.get('similarity') or {}).get('cosine')
            if isinstance(value, int | float):
                connection.execute(comparison.update().where(comparison.c.id == row_id).values(cosine=float(value)))
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_index('ix_document_version_listing')
    with op.batch_alter_table('comparison', schema=None) as batch_op:
        batch_op.drop_index('ix_comparison_summary')
        batch_op.drop_column('cosine')
