import redis

r = redis.Redis()
for key in r.scan_iter(match="user:*"):
    print(key)

settings = {"a": 1}
print(settings.keys())
