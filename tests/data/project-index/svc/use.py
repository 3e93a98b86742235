from svc.store import client, make_client


def all_sessions():
    return client.keys("session:*")


def per_request(user_id):
    conn = make_client()
    return conn.get(f"user:{user_id}:profile")
