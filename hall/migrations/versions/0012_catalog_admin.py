"""catalog administration: an `active` flag on departments, queues, items and windows
(deleting one in use deactivates it), and a hall's level and parent hall

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 06:20:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ('department', 'queue', 'item', 'window')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='city',
                                      nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_hall_parent_id_hall', 'hall', ['parent_id'], ['id'])
    with op.batch_alter_table('item', schema=None) as batch_op:   # seed 003: why a limit is over 15 / 30 days
        batch_op.add_column(sa.Column('limit_reason', sqlmodel.sql.sqltypes.AutoString(), server_default='',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('limit_reason')
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_constraint('fk_hall_parent_id_hall', type_='foreignkey')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('level')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('active')
