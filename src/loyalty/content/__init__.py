"""Members-only content (articles, advice, offers for chosen tiers or segments) and early access
to a product or sale that opens for the best members first."""
