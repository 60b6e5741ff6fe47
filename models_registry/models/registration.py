"""What a registration holds (its fields, in the order of the real form) and how long its period lasts.

Said once here for the forms, the admin, the committee's appraisal, the imports and the model itself.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

# The registration form, in the order of the real form: the name; how the initiative is
# classified and where it comes from; then its content. Forms, the admin and the committee's
# appraisal page all take their fields from here.
REGISTRATION_HEAD = ("field", "kind", "subject", "origin", "continues", "replicates")
REGISTRATION_CONTENT = (
    "situation",
    "purpose",
    "goals",
    "solutions",
    "area",
    "address",
    "implementing_forces",
    "target_group",
    "resources",
    "starts_on",
    "ends_on",
    "expected_outputs",
    "sustainability",
    "advantages",
    "difficulties",
    "contact",
)
REGISTRATION_FIELDS = ("name", *REGISTRATION_HEAD, *REGISTRATION_CONTENT)
# Who is behind it, for the tie rule of commendations (women first): asked beside the subject by
# the registration form and the admin, kept out of REGISTRATION_FIELDS (not on the dossier's sheet).
WOMEN_FIELDS = ("gender", "women_share")
PERIOD_FIELDS = ("starts_on", "ends_on")
# The registration content that is free text (everything but the period).
REGISTRATION_TEXT = tuple(name for name in REGISTRATION_CONTENT if name not in PERIOD_FIELDS)

# The registration fields that `submit` requires, in the order of the real form.
REQUIRED_FOR_SUBMIT = ("name", *(name for name in REGISTRATION_CONTENT if name not in ("advantages", "difficulties")))

# Text columns stored NFC and folded into the search column.
CONTENT_FIELDS = ("name", *REGISTRATION_TEXT, "results_report")
# Content a replication takes over from its source; place, dates and contact are the new unit's own.
REPLICATED_FIELDS = ("name", *(name for name in REGISTRATION_TEXT if name not in ("area", "address", "contact")))


def months_between(start, end) -> float:
    """Return the length of a period in months (30.44 days each)."""
    return ((end - start).days + 1) / 30.44


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the end of a shorter month (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lasts_whole_months(start: datetime.date, end: datetime.date, least: int = 1, most: int = 12) -> bool:
    """True when start..end (both days included) lasts between `least` and `most` calendar months.

    Counted by the calendar, not by days: 01/02–28/02 is one month and 01/01–31/12 is twelve.
    """
    one_day = datetime.timedelta(days=1)
    return add_months(start, least) - one_day <= end <= add_months(start, most) - one_day


def rounded_score(mean) -> Decimal | None:
    """Round a mean score as every page shows it: two decimals, half up (None stays None)."""
    if mean is None:
        return None
    return Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reaches_threshold(mean, threshold) -> bool:
    """Whether a mean score reaches the pass threshold, the mean rounded as every page shows it.

    One rule for the recognition queue, the score page, the minutes and the recognition's own check:
    a mean of 69.997 is shown as 70.00 and passes a threshold of 70 everywhere.
    """
    return mean is not None and threshold is not None and rounded_score(mean) >= threshold
