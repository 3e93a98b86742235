import redis

r = redis.Redis()
names = ["𝄞é", r.keys("user:*")]
for key in r.keys("session:*"):
    print(key)
