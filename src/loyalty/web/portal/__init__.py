"""Server-rendered pages for people who are not staff: for now the gift page (/gift), where a
gift voucher or bonus card is spent on catalogue rewards. Templates and the stylesheet live
beside the routers; nothing is loaded from elsewhere."""
