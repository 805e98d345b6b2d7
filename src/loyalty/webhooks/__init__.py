"""Outgoing webhooks: endpoints integrators subscribe to event types, and signed deliveries
(Standard Webhooks) retried with back-off, to addresses checked against SSRF (docs/webhooks.md)."""
