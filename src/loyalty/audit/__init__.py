"""The audit log: who changed what in the admin panel, when, and the values before and after."""
