"""Server-rendered pages for people who are neither members nor staff: for now the gift page
(/gift), where a gift voucher or bonus card is spent on catalogue rewards. Built on the shared
page layer (web/pages); its templates, stylesheet (/static/portal/portal.css) and Polish and
Russian catalogues live beside the router."""
