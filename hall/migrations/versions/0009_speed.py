"""indexes for the queue's hot paths; waiting counts on the queue counter; the catalog version

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 04:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('queuedeparture',
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('departed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('queue_id', 'service_date', 'window_id')
    )
    with op.batch_alter_table('queuecounter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined', sa.Integer(), server_default='0', nullable=False))
    # the lines as they stand: those waiting now joined, nobody has left yet
    op.execute("UPDATE queuecounter SET joined = (SELECT count(*) FROM ticket t WHERE t.queue_id = queuecounter.queue_id "
               "AND t.service_date = queuecounter.service_date AND t.status = 'waiting')")
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalog_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_waiting')
        batch_op.create_index('ix_ticket_queue_waiting',
                              ['queue_id', 'status', 'service_date', 'priority', 'queued_at', 'id'], unique=False)
        batch_op.create_index('ix_ticket_call_order', ['status', 'service_date', 'priority', 'queued_at', 'id',
                                                       'queue_id', 'target_window_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_call_order')
        batch_op.drop_index('ix_ticket_queue_waiting')
        batch_op.create_index('ix_ticket_waiting', ['queue_id', 'status', 'priority', 'queued_at', 'id'], unique=False)
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('catalog_version')
    with op.batch_alter_table('queuecounter', schema=None) as batch_op:
        batch_op.drop_column('joined')
    op.drop_table('queuedeparture')
