from svc import store


def wipe():
    for key in store.client.keys("tmp:*"):
        store.client.delete(key)
