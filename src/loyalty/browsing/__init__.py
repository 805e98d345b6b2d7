"""Web behaviour: what members and anonymous visitors do in the e-shop (browsing events sent by
the tracking script), the view → cart → purchase funnel, and which message or campaign brought
each member back."""
