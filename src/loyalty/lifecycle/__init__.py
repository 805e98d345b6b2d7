"""Lifecycle scans: birthdays, lapses against each member's rhythm, points about to expire,
enrolment anniversaries and abandoned carts, announced as events for journeys and campaigns."""
