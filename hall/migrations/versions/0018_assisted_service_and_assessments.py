"""assisted service (helpers on duty, calls for a helper, powers of attorney and the tickets
taken under them) and assessments (self, peer, the year's weights)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 05:47:28.744591
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessmentweights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('monthly', sa.Integer(), nullable=False),
    sa.Column('peer', sa.Integer(), nullable=False),
    sa.Column('self_part', sa.Integer(), nullable=False),
    sa.Column('set_by', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['set_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'year', name='uq_assessmentweights_year')
    )
    op.create_table('assistrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('helper_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('arrived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['helper_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assistrequest', schema=None) as batch_op:
        batch_op.create_index('ix_assistrequest_status', ['hall_id', 'status', 'requested_at'], unique=False)

    op.create_table('helperduty',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('helperduty', schema=None) as batch_op:
        batch_op.create_index('ix_helperduty_open', ['hall_id', 'ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_helperduty_staff_id'), ['staff_id'], unique=False)

    op.create_table('powerofattorney',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('helper_id', sa.Integer(), nullable=False),
    sa.Column('principal_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('principal_id_masked', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('principal_id_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['helper_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('powerofattorney', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_powerofattorney_helper_id'), ['helper_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_powerofattorney_principal_id_hash'), ['principal_id_hash'], unique=False)

    op.create_table('peerscore',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('from_window_id', sa.Integer(), nullable=False),
    sa.Column('to_window_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('scorer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_window_id'], ['window.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['scorer_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['to_window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'quarter', 'from_window_id', 'to_window_id', name='uq_peerscore_pair_quarter')
    )
    with op.batch_alter_table('peerscore', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peerscore_to_window_id'), ['to_window_id'], unique=False)

    op.create_table('selfassessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'month', 'window_id', name='uq_selfassessment_window_month')
    )
    op.create_table('attorneyticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attorney_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attorney_id'], ['powerofattorney.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id')
    )
    with op.batch_alter_table('attorneyticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attorneyticket_attorney_id'), ['attorney_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attorneyticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attorneyticket_attorney_id'))

    op.drop_table('attorneyticket')
    op.drop_table('selfassessment')
    with op.batch_alter_table('peerscore', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peerscore_to_window_id'))

    op.drop_table('peerscore')
    with op.batch_alter_table('powerofattorney', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_powerofattorney_principal_id_hash'))
        batch_op.drop_index(batch_op.f('ix_powerofattorney_helper_id'))

    op.drop_table('powerofattorney')
    with op.batch_alter_table('helperduty', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helperduty_staff_id'))
        batch_op.drop_index('ix_helperduty_open')

    op.drop_table('helperduty')
    with op.batch_alter_table('assistrequest', schema=None) as batch_op:
        batch_op.drop_index('ix_assistrequest_status')

    op.drop_table('assistrequest')
    op.drop_table('assessmentweights')
