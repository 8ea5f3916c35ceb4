"""帮办代办: cases applied for under a 授权委托书 (who applied for whom), and enterprise projects
(全程代办) with their cases across departments

Revision ID: 0028
Revises: 0022
Create Date: 2026-12-07 14:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0028'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attorneycase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attorney_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('helper_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attorney_id'], ['powerofattorney.id'], ),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['helper_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    with op.batch_alter_table('attorneycase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attorneycase_attorney_id'), ['attorney_id'], unique=False)

    op.create_table('assistproject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('project_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('query_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('enterprise_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('credit_code', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('representative', sa.JSON(), nullable=False),
    sa.Column('helper_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['helper_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_no')
    )
    with op.batch_alter_table('assistproject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistproject_credit_code'), ['credit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistproject_helper_id'), ['helper_id'], unique=False)

    op.create_table('projectcase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('attached_by', sa.Integer(), nullable=False),
    sa.Column('attached_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attached_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['assistproject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    with op.batch_alter_table('projectcase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projectcase_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('projectcase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projectcase_project_id'))
    op.drop_table('projectcase')
    with op.batch_alter_table('assistproject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistproject_helper_id'))
        batch_op.drop_index(batch_op.f('ix_assistproject_credit_code'))
    op.drop_table('assistproject')
    with op.batch_alter_table('attorneycase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attorneycase_attorney_id'))
    op.drop_table('attorneycase')
