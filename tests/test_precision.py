"""Precision of the rules that are on by default: what a finding says and
when it stays quiet (issue 11, section 5)."""

from __future__ import annotations

from tests.helpers import lint


def messages(code: str, rule: str, **kwargs) -> list[tuple[int, str, str]]:
    report = lint(code, select=(rule,), **kwargs)
    assert report.error is None, report.error
    return [(d.span.line, d.message, d.fix.message if d.fix else "") for d in report.diagnostics]


def test_hget_of_one_field_across_many_hashes_is_a_pipeline_not_hmget() -> None:
    code = """
    import redis
    r = redis.Redis()
    def names(ids):
        return [r.hget(f"user:{uid}", "name") for uid in ids]
    """
    ((line, message, fix),) = messages(code, "RDS401")
    assert line == 5 and "pipeline" in message and "HMGET" not in message
    assert "pipeline" in fix and "hmget" not in fix


def test_hget_of_many_fields_of_one_hash_is_hmget() -> None:
    code = """
    import redis
    r = redis.Redis()
    def fields(names):
        return [r.hget("user:1", name) for name in names]
    """
    ((_, message, fix),) = messages(code, "RDS401")
    assert "HMGET" in message and "hmget" in fix


def test_flat_key_advice_never_proposes_an_empty_name() -> None:
    code = """
    import redis
    r = redis.Redis()
    def get(ns, uid):
        return r.get(ns + "_" + uid)
    """
    found = messages(code, "RDS501")
    assert found, "a separator other than `:` after the namespace is still flat"
    for _, message, fix in found:
        for text in (message, fix):
            assert "`{}`" not in text and "`:{}`" not in text and "`_{}`" not in text.split(":", 1)[-1]
        assert "join its parts with `:`" in message


def test_flat_key_advice_still_names_a_proposal_when_it_has_one() -> None:
    code = """
    import redis
    r = redis.Redis()
    def get(uid):
        return r.get("user" + uid)
    """
    ((_, message, _),) = messages(code, "RDS501")
    assert "such as `user:{}`" in message
