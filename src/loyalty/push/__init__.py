"""Web push to the member app: the server's VAPID key pair, the members' push subscriptions (one
per device and browser), and sending one notification to one subscription with pywebpush."""
