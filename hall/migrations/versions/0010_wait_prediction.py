"""expected service per ticket, and the expected work waiting in each queue's line

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 08:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_service_seconds', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('queuecounter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_work', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('queuedeparture', schema=None) as batch_op:
        batch_op.add_column(sa.Column('departed_work', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('queuedeparture', schema=None) as batch_op:
        batch_op.drop_column('departed_work')
    with op.batch_alter_table('queuecounter', schema=None) as batch_op:
        batch_op.drop_column('joined_work')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('expected_service_seconds')
