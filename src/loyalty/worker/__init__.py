"""Scheduled and background work: the jobs every program needs done periodically."""
