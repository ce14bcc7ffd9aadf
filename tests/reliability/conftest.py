"""Collection fix-ups for the schema fuzzing tests."""

from __future__ import annotations


def pytest_collection_modifyitems(items) -> None:
    # schemathesis names each operation's item `test[GET /path]` but, under pytest 9.2, builds
    # every item's node id without the bracket: the 41 items then share one id, pytest's
    # progress (counted by distinct ids) stops short of 100 % and `--lf`/`-k` by id conflate
    # them. Give each item back the id its name says.
    for item in items:
        _, bracket, params = item.name.partition("[")
        node_id = getattr(item, "_id", None)
        if not bracket or node_id is None or getattr(node_id, "params", "") is not None:
            continue
        item._id = node_id.with_params(params.removesuffix("]"))
