"""Who is in which segment: the tables, and the one look-up the purchase path may need.

It stands low in the domains' order (just above members) so that earning rules, voucher
conditions and rewards can ask "is this member in segment 7?" (`member.segments`) without
importing the segments domain, which compiles conditions over purchases, tiers and journeys
and so stands high.
"""
