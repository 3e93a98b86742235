from svc.store import BaseStore, SafeRedis


class Worker(BaseStore):
    def names(self):
        return self.connection.keys("job:*")


def build() -> SafeRedis:
    r = SafeRedis(host="cache", socket_timeout=2)
    return r.keys("x:*")
