"""Messages to members on their channels (e-mail, SMS, push, the app's inbox): templates,
queueing, the consent and fatigue rules, rendering, sending and tracking."""
