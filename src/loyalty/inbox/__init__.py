"""The member app's inbox and its app notifications: the "inbox" and "push" channel adapters
of messaging (each message they carry is kept here, for the app's Messages screen), and what
the member reads there (newest first, unread until opened, only ever their own)."""
