"""统一收费: items' structured fee rule (read from each item's published fee text), payments and
their reversals, refund requests; payments and requests are append-only (triggers)

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-07 11:00:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0022'
down_revision = '0019'
branch_labels = None
depends_on = None

NO_FEE = '{"kind": "none", "amounts_fen": [], "percent_hundredths": []}'
APPEND_ONLY = ("feepayment", "refundrequest")


def _migrate_fee_texts() -> None:
    """Every item's published fee text as its rule (``每件80元`` → fixed 8000 fen); a text that
    names no amount nor percentage stays ``none`` until the hall enters it."""
    from hall.fees.rules import rule_from_text

    bind = op.get_bind()
    item = sa.table("item", sa.column("id", sa.Integer), sa.column("fee", sa.String), sa.column("fee_rule", sa.JSON))
    for row_id, fee in bind.execute(sa.select(item.c.id, item.c.fee)).all():
        rule = rule_from_text(fee or "")
        if rule.kind != "none":
            bind.execute(item.update().where(item.c.id == row_id).values(fee_rule=rule.stored()))


def upgrade() -> None:
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fee_rule', sa.JSON(), nullable=False, server_default=sa.text(f"'{NO_FEE}'")))
    _migrate_fee_texts()

    op.create_table('feepayment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('window_number', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('base_fen', sa.BigInteger(), nullable=True),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('receipt_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('paid_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['feepayment.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'receipt_no', name='uq_feepayment_receipt'),
    sa.UniqueConstraint('reverses_id', name='uq_feepayment_reverses')
    )
    with op.batch_alter_table('feepayment', schema=None) as batch_op:
        batch_op.create_index('ix_feepayment_day', ['hall_id', 'paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feepayment_case_id'), ['case_id'], unique=False)

    op.create_table('refundrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['feepayment.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('payment_id', name='uq_refundrequest_payment')
    )
    with op.batch_alter_table('refundrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refundrequest_hall_id'), ['hall_id'], unique=False)

    # append-only: the database itself refuses to change or remove a payment (a refund is a
    # row of its own) or a refund request
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION fees_append_only() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION 'payments are append-only: reverse a payment with a refund'; END; $$ "
                   "LANGUAGE plpgsql")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION fees_append_only()")
    else:
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           "BEGIN SELECT RAISE(ABORT, 'payments are append-only: reverse a payment with a refund'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS fees_append_only()")
    with op.batch_alter_table('refundrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refundrequest_hall_id'))
    op.drop_table('refundrequest')
    with op.batch_alter_table('feepayment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feepayment_case_id'))
        batch_op.drop_index('ix_feepayment_day')
    op.drop_table('feepayment')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('fee_rule')
