"""The navigation: which links this user's role can reach, built once per request."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope

# (url name, label, who sees it). "who" is one of: anyone, staff, staff_only (unit staff who lead no
# committee: a leader has the list under its own label), committee, leader, admin.
NAV_ITEMS = [
    ("staff:home", _("Trang chủ"), "user"),
    ("staff:initiative_list", _("Mô hình của đơn vị"), "staff_only"),
    # The same list for the chair and the secretariat: everything in their committees' subtrees.
    ("staff:initiative_list", _("Danh sách hồ sơ"), "leader"),
    ("staff:initiative_create", _("Đăng ký mới"), "staff"),
    ("committee:home", _("Thẩm định"), "committee"),
    ("committee:recognition", _("Công nhận"), "leader"),
    ("campaigns:list", _("Đợt phát động"), "committee"),
    ("reports:summary", _("Tổng hợp"), "committee"),
    ("showcase:index", _("Mô hình tiêu biểu"), "anyone"),
    ("admin:index", _("Quản trị"), "admin"),
]
# Past this many links the bar no longer fits a 1200 px screen (an administrator sees nine): the links that
# they open a few times a year go into a "more" menu, the daily ones stay in view. A chair's seven (no admin
# link since issue 19) do not fit beside their name at 1200 px either (test_navbar_fits), so six is the most.
MAX_INLINE = 6
GROUPED_WHEN_CROWDED = {"campaigns:list", "reports:summary", "showcase:index"}


def _allowed(who: str, user) -> bool:
    if who == "anyone":
        return True
    if not user.is_authenticated:
        return False
    s = scope(user)
    return {
        "user": True,
        "staff": s.may_register,
        "staff_only": s.is_staff_of_any_unit and not s.may_lead,
        "committee": s.may_open_committee_pages,
        "leader": s.may_lead,
        # The admin is the administrators' tool: committee members hold admin rights (is_staff) for
        # the exports and lists kept there, but their daily work is in the site, and its menu leads there.
        "admin": s.is_admin,
    }[who]


def navigation(request) -> dict:
    """Return the links of the bar that this user may follow, and those grouped under "more"."""
    user = request.user
    items = []
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    for name, label, who in NAV_ITEMS:
        if not _allowed(who, user):
            continue
        items.append({"name": name, "url": reverse(name), "label": label, "active": name == current})
    more = []
    if len(items) > MAX_INLINE:
        more = [item for item in items if item["name"] in GROUPED_WHEN_CROWDED]
        items = [item for item in items if item["name"] not in GROUPED_WHEN_CROWDED]
    return {"nav_items": items, "nav_more": more, "nav_more_active": any(item["active"] for item in more)}
