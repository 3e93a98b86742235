from tests.helpers import Base, make_client


async def test_reads_with_a_sync_client():
    client = make_client()
    assert client.get("user:1:name") is None


class TestHeld(Base):
    async def test_held(self):
        assert self.redis.get("user:1:name") is None
