from svc.settings import TIMEOUT


def lookup(table, key):
    return table.get(key, TIMEOUT)
