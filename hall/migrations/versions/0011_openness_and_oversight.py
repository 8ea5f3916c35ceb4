"""openness and oversight: announcements with their review, complaints, information
requests and inspections

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('review_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('withdrawn_by', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['withdrawn_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.create_index('ix_announcement_period', ['hall_id', 'status', 'starts_on', 'ends_on'], unique=False)

    op.create_table('inforequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('request_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('query_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('applicant_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('applicant_id_masked', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('extension_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('extension_approved_by', sa.Integer(), nullable=True),
    sa.Column('extension_approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('reply_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reply', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('replied_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('replied_by', sa.Integer(), nullable=True),
    sa.Column('light', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['extension_approved_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['registered_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['replied_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('request_no')
    )
    with op.batch_alter_table('inforequest', schema=None) as batch_op:
        batch_op.create_index('ix_inforequest_open', ['hall_id', 'status'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('complaint_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('query_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('reply', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('finding', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('replied_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('replied_by', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('rated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('light', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['registered_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['replied_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_no')
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_open', ['hall_id', 'status'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('inspected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('finding', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['inspector_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_month', ['hall_id', 'inspected_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_month')

    op.drop_table('inspection')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_open')

    op.drop_table('complaint')
    with op.batch_alter_table('inforequest', schema=None) as batch_op:
        batch_op.drop_index('ix_inforequest_open')

    op.drop_table('inforequest')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_index('ix_announcement_period')

    op.drop_table('announcement')
