"""opening hours of a hall, calendar years entered from State Council notices (issue 15, items 5, 6)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:45:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('hall', sa.Column('opens_at', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))
    op.add_column('hall', sa.Column('closes_at', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))
    # existing halls get 09:00–17:00 (no server default: None means around the clock)
    op.execute("UPDATE hall SET opens_at = '09:00', closes_at = '17:00'")
    op.add_column('hall', sa.Column('ticket_cutoff_minutes', sa.Integer(), server_default='0', nullable=False))
    op.add_column('hall', sa.Column('open_on', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='working_days', nullable=False))
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('workdays', sa.JSON(), nullable=False),
    sa.Column('entered_by', sa.Integer(), nullable=True),
    sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['entered_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('year')
    )


def downgrade() -> None:
    op.drop_table('calendar_year')
    for column in ('open_on', 'ticket_cutoff_minutes', 'closes_at', 'opens_at'):
        op.drop_column('hall', column)
