"""The page layer every face shares (admin panel, member app, POS screen, gift page):
templates and translations, sessions and CSRF, forms, rate limits, security headers and
static files. Faces hold no business logic: they call the services the API calls."""
