"""Customer scores: RFM cells, lifetime value (BG/NBD + Gamma-Gamma) and churn risk (docs/scoring.md)."""
