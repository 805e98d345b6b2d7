"""Staff roles and what each may do in the admin panel and at the POS.

A page or action names the permission it needs; a role holds a fixed set. An agent's point
adjustments are further capped by the user's own `adjustment_limit` (auth/staff.py).
"""

from __future__ import annotations

from types import MappingProxyType

ROLES = ("owner", "manager", "marketer", "analyst", "agent", "cashier")

# Reading the panel: dashboards, members and their single view, rules, rewards, reports.
VIEW_PANEL = "panel.view"
VIEW_MEMBERS = "members.view"
EDIT_MEMBERS = "members.edit"  # profile, block/unblock, replace card
ADJUST_POINTS = "points.adjust"
WRITE_NOTES = "notes.write"  # notes and service cases
EDIT_PROGRAM = "program.edit"  # rules, rewards, vouchers, tiers, referrals, gift vouchers
EDIT_SETTINGS = "settings.edit"  # program settings, API keys
MANAGE_STAFF = "staff.manage"
IMPORT_DATA = "data.import"
VIEW_AUDIT = "audit.view"
# Outgoing webhooks: they send members' data to addresses the user types, so only the owner by
# default; a permission of its own so a future integrations role can hold it without settings.
MANAGE_INTEGRATIONS = "integrations.manage"
# Sending a failed event to its subscriber again (the admin panel's Failed events): running the
# automation, not configuring the program.
OPERATE_AUTOMATION = "automation.operate"
USE_POS = "pos.use"

PERMISSIONS = MappingProxyType({
    "owner": frozenset({VIEW_PANEL, VIEW_MEMBERS, EDIT_MEMBERS, ADJUST_POINTS, WRITE_NOTES, EDIT_PROGRAM,
                        EDIT_SETTINGS, MANAGE_STAFF, IMPORT_DATA, VIEW_AUDIT, USE_POS, MANAGE_INTEGRATIONS,
                        OPERATE_AUTOMATION}),
    "manager": frozenset({VIEW_PANEL, VIEW_MEMBERS, EDIT_MEMBERS, ADJUST_POINTS, WRITE_NOTES, EDIT_PROGRAM,
                          IMPORT_DATA, VIEW_AUDIT, USE_POS, OPERATE_AUTOMATION}),
    "marketer": frozenset({VIEW_PANEL, VIEW_MEMBERS, EDIT_PROGRAM}),
    "analyst": frozenset({VIEW_PANEL, VIEW_MEMBERS}),
    "agent": frozenset({VIEW_PANEL, VIEW_MEMBERS, EDIT_MEMBERS, ADJUST_POINTS, WRITE_NOTES}),
    "cashier": frozenset({USE_POS}),
})


def may(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())
