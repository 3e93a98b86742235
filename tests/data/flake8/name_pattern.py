def handler(cache_conn):
    return cache_conn.keys("user:*")
