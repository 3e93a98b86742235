from .store import client


def cache_page(page_id, html):
    client.set(f"page:{page_id}:html", html)
