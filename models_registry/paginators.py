"""A paginator that stops counting at a cap, for lists whose scope may be the whole province.

Django's Paginator counts every matching row (`SELECT COUNT(*) …`) before it shows page 1. For
a chair or an administrator the scope is every initiative, and at a million rows that COUNT alone
costs seconds (an index-only scan of everything plus the join to the unit tree; with a broad text
search, a recheck of every matching heap row). Nobody pages through ten thousand initiatives:
beyond the cap the page says "hơn 10.000" and the user narrows the filters. Counting
`SELECT COUNT(*) FROM (SELECT 1 … LIMIT cap + 1)` lets PostgreSQL stop after cap + 1 rows.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# A text search in the admin counts fewer: "dan van" matches most of the table, and counting its
# first 10,001 matches reads 10,001 wide rows (about 160 ms at a million); 1,001 cost a tenth.
SEARCH_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator whose `count` stops at `cap`; `count_is_capped` says there are more.

    When capped, `count` is `cap`, so `num_pages` covers the first `cap` rows and every page
    link stays valid; rows beyond the cap are reached by narrowing the filters.

    With `count_rows=False` (a broad text search) it does not count at all: `get_page` reads one
    row more than the page and knows from it whether a next page exists. Counting even the first
    thousand matches of "dan van" reads a thousand 2 kB rows (or the whole trigram bitmap), while
    the page itself stops after 20 rows along the newest-first index. `count` is then the rows up
    to this page and `count_is_capped` says whether more follow.
    """

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, cap: int | None = None, count_rows: bool = True, **kwargs):
        if cap is not None:
            self.cap = cap
        self.count_rows = count_rows
        super().__init__(object_list, per_page, *args, **kwargs)

    def get_page(self, number) -> Page:
        if self.count_rows:
            return super().get_page(number)
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            # Past the end (an old link): the first page, like Paginator.get_page's last page.
            return self.get_page(1)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        self.cap = bottom + len(rows)
        self.__dict__["_capped_count"] = (self.cap, more)
        self.__dict__["count"] = self.cap
        self.__dict__["num_pages"] = number + 1 if more else number
        return self._get_page(rows, number, self)

    @cached_property
    def _capped_count(self) -> tuple[int, bool]:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # The order does not change how many rows there are; without it PostgreSQL may take
            # the cheapest path to cap + 1 rows instead of sorting first.
            rows = rows.order_by()
            if not rows.query.combinator and not rows.query.distinct:
                # Nor do the shown columns: Django keeps the annotations in the counted subquery, so
                # each counted row ran the showcase's cover photo or a queue's mean score subquery.
                rows = rows.values("pk")
            n = rows[: self.cap + 1].count()
        else:
            n = len(rows)
        return (self.cap, True) if n > self.cap else (n, False)

    @cached_property
    def count(self) -> int:
        return self._capped_count[0]

    @property
    def count_is_capped(self) -> bool:
        return self._capped_count[1]


def query_without(request, key: str = "page") -> str:
    """Return the page's query string without `key`: a pager's links keep the filters and add their own page."""
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()
