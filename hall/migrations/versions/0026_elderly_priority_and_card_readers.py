"""Elderly priority (DOMAIN rules 12, 13): a hall setting, 老年人专窗 windows, tickets that
carry the applicant read from an ID card and whether they are 60 or over; kiosks name their
local ID-card reader. The priorities after the green channel move up by one to make room
for PRIORITY_ELDERLY (hall.queueing.rules).

Revision ID: 0026
Revises: 0028
Create Date: 2026-12-07 14:30:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0026'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elderly_priority', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elderly_first', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reader_url', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elderly', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('applicant_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('applicant_id_masked', sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('applicant_id_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    # appointment 1 → 2, referred 2 → 3, walk-in 3 → 4: elderly takes 1 (urgent -1, green 0 stay)
    op.execute("UPDATE ticket SET priority = priority + 1 WHERE priority >= 1")


def downgrade() -> None:
    # an elderly ticket goes back to a walk-in's place (3 then)
    op.execute("UPDATE ticket SET priority = CASE WHEN priority = 1 THEN 3 WHEN priority >= 2 THEN priority - 1 "
               "ELSE priority END")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('applicant_id_hash')
        batch_op.drop_column('applicant_id_masked')
        batch_op.drop_column('applicant_name')
        batch_op.drop_column('elderly')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('reader_url')
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.drop_column('elderly_first')
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('elderly_priority')
