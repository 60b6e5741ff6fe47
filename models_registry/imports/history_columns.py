"""The columns of a province's sheet of past initiatives: what each target field is called, and guessing them.

Kept apart from the import's run (`history.py`): the admin's column-mapping form, the command and the
template workbook read these without running an import.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .models import ColumnMapping
from .values import clean, key


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    aliases: frozenset[str]
    required: bool = False


TARGETS = [
    Target(
        "year", gettext_lazy("Năm đăng ký"), frozenset({"nam", "nam dang ky", "nam thuc hien", "nam xay dung"}), True
    ),
    Target(
        "unit",
        gettext_lazy("Đơn vị (mã hoặc tên)"),
        frozenset({"don vi", "ma don vi", "ten don vi", "don vi dang ky", "don vi thuc hien"}),
        True,
    ),
    Target(
        "name",
        gettext_lazy("Tên mô hình, điển hình"),
        frozenset(
            {
                "ten mo hinh",
                "ten mo hinh, dien hinh",
                "ten mo hinh dien hinh",
                "mo hinh, dien hinh",
                "ten",
                "ten dien hinh",
            }
        ),
        True,
    ),
    Target(
        "kind",
        gettext_lazy("Loại (mô hình / điển hình)"),
        frozenset({"loai", "phan loai", "mo hinh/dien hinh", "mo hinh / dien hinh"}),
    ),
    Target("field", gettext_lazy("Lĩnh vực"), frozenset({"linh vuc"})),
    Target(
        "subject",
        gettext_lazy("Chủ thể (tập thể / cá nhân)"),
        frozenset({"chu the", "tap the/ca nhan", "tap the / ca nhan"}),
    ),
    # The tie rule of commendations (women first): optional, an exemplar's gender, a collective's share.
    Target("gender", gettext_lazy("giới tính"), frozenset({"gioi tinh"})),
    Target(
        "women_share",
        gettext_lazy("tỷ lệ nữ trong tập thể (%)"),
        frozenset({"ty le nu", "ty le nu (%)", "ti le nu", "% nu", "ty le nu trong tap the (%)"}),
    ),
    Target(
        "recognized",
        gettext_lazy("Đã công nhận"),
        frozenset({"cong nhan", "da cong nhan", "ket qua", "ket qua cong nhan"}),
    ),
    Target(
        "decision_number",
        gettext_lazy("Số quyết định công nhận"),
        frozenset({"so quyet dinh", "so qd", "quyet dinh", "so quyet dinh cong nhan"}),
    ),
    Target(
        "decision_date",
        gettext_lazy("Ngày quyết định"),
        frozenset({"ngay quyet dinh", "ngay qd", "ngay ky", "ngay cong nhan"}),
    ),
    Target("decision_level", gettext_lazy("Cấp công nhận"), frozenset({"cap cong nhan", "cap"})),
    Target(
        "continues_year",
        gettext_lazy("Duy trì từ mô hình năm"),
        frozenset({"duy tri tu nam", "nam truoc", "duy tri tu"}),
    ),
    Target(
        "content",
        gettext_lazy("Nội dung, giải pháp"),
        frozenset({"noi dung", "noi dung, giai phap", "giai phap", "noi dung chu yeu"}),
    ),
    Target("address", gettext_lazy("Địa chỉ"), frozenset({"dia chi", "dia ban"})),
]
TARGET_NAMES = {t.name: t for t in TARGETS}
TEMPLATE_HEADERS = [
    "Năm đăng ký",
    "Mã đơn vị",
    "Tên mô hình, điển hình",
    "Loại",
    "Lĩnh vực",
    "Chủ thể",
    "Đã công nhận",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp công nhận",
    "Duy trì từ năm",
    "Nội dung, giải pháp",
    "Địa chỉ",
]
KNOWN = frozenset().union(*(t.aliases for t in TARGETS))


def suggest(headers: list[str]) -> dict[int, str]:
    """Return the remembered mapping of this layout, else one guessed from the titles."""
    remembered = ColumnMapping.recall(headers)
    if remembered is not None:
        return remembered
    guessed: dict[int, str] = {}
    for position, title in enumerate(headers):
        for target in TARGETS:
            if key(title) in target.aliases and target.name not in guessed.values():
                guessed[position] = target.name
                break
    return guessed


def missing_targets(columns: dict[int, str]) -> list[str]:
    """Return the labels of the required fields no column is mapped to."""
    return [str(t.label) for t in TARGETS if t.required and t.name not in columns.values()]


def _choice(value: object, choices, aliases: dict[str, str] | None = None, default: str | None = None) -> str | None:
    text = key(value)
    if not text:
        return default
    for choice in choices:
        if text in (key(choice.label), choice.value):
            return choice.value
    return (aliases or {}).get(text)


def _percent(value: object) -> int | None:
    """Read a share in percent ("75", "75%", "75,0"): None when blank, -1 when unreadable or past 0–100."""
    text = clean(value).replace("%", "").replace(",", ".").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return -1
    return round(number) if 0 <= number <= 100 else -1
