"""PostgreSQL: ledger entries' accounts are checked by a statement trigger, not a foreign key.

A foreign key check locks the referenced row (FOR KEY SHARE), and every earning of a program
references its one issued account, so concurrent purchases queued on that row. The trigger
checks, once per INSERT statement, that every new entry's account exists; accounts can never
be deleted nor change id, so an account found once stays. SQLite keeps its foreign key (its
checks lock nothing).

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION loyalty_refuse_account_removal() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'accounts are never removed nor renumbered: % on accounts refused', TG_OP
                USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute("CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts "
               "FOR EACH ROW EXECUTE FUNCTION loyalty_refuse_account_removal()")
    op.execute("CREATE TRIGGER accounts_keep_their_id BEFORE UPDATE OF id ON accounts "
               "FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION loyalty_refuse_account_removal()")
    op.execute("CREATE TRIGGER accounts_no_truncate BEFORE TRUNCATE ON accounts "
               "FOR EACH STATEMENT EXECUTE FUNCTION loyalty_refuse_account_removal()")
    op.execute(
        """
        CREATE FUNCTION loyalty_check_entry_accounts() RETURNS trigger AS $$
        DECLARE
            missing bigint;
        BEGIN
            SELECT e.account_id INTO missing FROM new_entries e
            WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.account_id) LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'ledger entry refers to account %, which does not exist', missing
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute("CREATE TRIGGER ledger_entries_accounts_exist AFTER INSERT ON ledger_entries "
               "REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT "
               "EXECUTE FUNCTION loyalty_check_entry_accounts()")
    op.drop_constraint("fk_ledger_entries_account_id_accounts", "ledger_entries", type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_foreign_key("fk_ledger_entries_account_id_accounts", "ledger_entries", "accounts",
                          ["account_id"], ["id"])
    op.execute("DROP TRIGGER IF EXISTS ledger_entries_accounts_exist ON ledger_entries")
    op.execute("DROP FUNCTION IF EXISTS loyalty_check_entry_accounts()")
    for trigger in ("accounts_never_deleted", "accounts_keep_their_id", "accounts_no_truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON accounts")
    op.execute("DROP FUNCTION IF EXISTS loyalty_refuse_account_removal()")
