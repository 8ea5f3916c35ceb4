"""issue 18's rules: one case per ticket and item with an Idempotency-Key (18.4), 急事急办
urgent tickets and cases (18.10), applicants by any document and enterprises with their
representative (18.11)

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-07 06:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0017'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_case_ticket_item', ['ticket_id', 'item_id'])
        batch_op.create_unique_constraint('uq_case_idempotency', ['hall_id', 'idempotency_key'])
        batch_op.add_column(sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('urgent_reason', sqlmodel.sql.sqltypes.AutoString(length=500),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('applicant_kind', sqlmodel.sql.sqltypes.AutoString(length=30),
                                      server_default='id_card', nullable=False))
        batch_op.add_column(sa.Column('representative', sa.JSON(), nullable=True))
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_kind', sqlmodel.sql.sqltypes.AutoString(length=30),
                                      server_default='id_card', nullable=False))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('urgent_reason', sqlmodel.sql.sqltypes.AutoString(length=500),
                                      server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_column('applicant_kind')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('urgent_reason')
        batch_op.drop_column('urgent')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint('uq_case_idempotency', type_='unique')
        batch_op.drop_constraint('uq_case_ticket_item', type_='unique')
        batch_op.drop_column('representative')
        batch_op.drop_column('applicant_kind')
        batch_op.drop_column('urgent_reason')
        batch_op.drop_column('urgent')
        batch_op.drop_column('idempotency_key')
