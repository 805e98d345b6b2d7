"""Gamification: badges (achievements earned once or in levels) and challenges (time-bound
goals a member joins or is assigned through a segment), earned and paid by the worker as the
members' events arrive (docs/gamification.md)."""
