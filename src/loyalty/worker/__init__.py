"""Scheduled and background work: the jobs every program needs done periodically."""

# The member app's channels ("inbox", "push") register themselves with messaging when imported:
# every worker (and the in-process one of `loyalty serve`) delivers with them.
import loyalty.inbox.channels  # noqa: F401
