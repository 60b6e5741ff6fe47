"""The page mix's paths and users as another commit's code finds them in its own database (`--baseline-db`).

Run by `bench/load.py` in a checkout of the baseline commit (the working directory), never imported:

    DATABASE_URL=postgres://…/dvk_base_1m BENCH_PASSWORD_HASH='pbkdf2_sha256$…' \
        python /path/to/today/bench/mix_paths.py "staff home" "appraisal page" …

An earlier commit cannot read today's schema, so its server gets its own database, seeded by its own
`seed_bench`; the ids in the mix's paths (the appraisal page's registration, the showcase's recognized
initiative…) are then that database's, and the URL patterns those of that commit. Both are found here
by the commit's own `bench/scenarios.py` (its `Context`, `scenarios` and `resolve`, which issue 16's
`e5782b4` already has), run against its database and reversed by its own URLconf: the same scenario
names resolved by the same rules, on the other side.

Two things before it prints:
- The bench users' passwords are set to `BENCH_PASSWORD_HASH` (today's production hasher, computed by the
  caller) where they are not PBKDF2 already: the commit's `seed_bench` runs under its test settings,
  whose MD5 hasher a server under production settings does not accept, and the mix logs in through the
  login form. Only the `bench_*` users of that database change; no code of the commit does.
- A scenario that the commit does not have, or whose object its data lacks, is left out; the caller
  drops it from both sides so that both servers serve the same mix.

Prints one JSON line: a list of [scenario name, path, username or null], in the order asked.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    # The checkout's own code first: its `bench`, `dvk` and apps, not the ones beside this file.
    tree = Path.cwd()
    sys.path[0] = str(tree)
    # Test settings for the ORM and `reverse` only (no SECRET_KEY needed); the server runs production ones.
    os.environ["DVK_TESTING"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "dvk.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch

    from bench.scenarios import Context, resolve, scenarios

    users = get_user_model().objects.filter(username__startswith="bench_")
    changed = users.exclude(password__startswith="pbkdf2_sha256$").update(password=os.environ["BENCH_PASSWORD_HASH"])
    if changed:
        print(f"{changed} bench users of the baseline database re-hashed for production settings", file=sys.stderr)

    ctx = Context()
    by_name = {s.name: s for s in scenarios(ctx)}
    found: list[tuple[str, str, str | None]] = []
    for name in names:
        scenario = by_name.get(name)
        if scenario is None or any(a is None for a in scenario.args):
            print(f"{tree.name}: no scenario {name!r} (or no object for it)", file=sys.stderr)
            continue
        try:
            path = resolve(scenario)
        except NoReverseMatch:
            print(f"{tree.name}: no URL {scenario.url_name!r} for {name!r}", file=sys.stderr)
            continue
        found.append((name, path, ctx.users[scenario.user].username if scenario.user else None))
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
