"""How members sign in to the member app: a one-time code or link sent by e-mail, or a
password they chose."""
