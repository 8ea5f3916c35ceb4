"""login locks per account and address: wrong passwords lock out the address that sent them,
not the account's owner

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 07:40:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('loginlock',
                    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
                    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
                    sa.Column('failures', sa.Integer(), nullable=False),
                    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
                    sa.PrimaryKeyConstraint('username', 'address'))


def downgrade() -> None:
    op.drop_table('loginlock')
