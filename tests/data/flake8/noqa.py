import redis

r = redis.Redis()


def a():
    return r.keys("a:*")  # noqa: RDS101


def b():
    return r.keys("b:*")  # noqa: E501


def c():
    return r.keys("c:*")


def d():
    return r.keys("d:*")  # noqa
