"""An initiative's states, named groups of them, and its other choices (subject, origin)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    # Four states read like the action that leads to them ("Không duyệt" is both "reject" and
    # "rejected"): their labels carry a context so that English gets the state, not the verb.
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã đăng ký, chờ thẩm định")
    RETURNED = "returned", pgettext_lazy("initiative state", "Yêu cầu điều chỉnh")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", pgettext_lazy("initiative state", "Không duyệt")
    RECOGNITION_REQUESTED = "recognition_requested", pgettext_lazy("initiative state", "Đề nghị công nhận")
    RECOGNIZED = "recognized", _("Đã công nhận")
    # Its recognition was revoked by a later decision that names the one that recognized it (Decree 30):
    # no longer counted, shown or nominated as recognized. Moved only by `RecognitionDecision.amend`.
    RECOGNITION_REVOKED = "recognition_revoked", _("Đã bị thu hồi công nhận")
    NOT_RECOGNIZED = "not_recognized", pgettext_lazy("initiative state", "Không công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút đăng ký")
    # Closed by the secretariat when the campaign was summarized before the road's end.
    UNFINISHED = "unfinished", _("Chưa hoàn thành (đóng khi tổng kết)")


def _in_order(states) -> tuple[State, ...]:
    # A tuple in declaration order, not a set: the SQL of `state__in` is then the same every run.
    return tuple(state for state in State if state in states)


# The state groups, named as the domain says them. Every list of states in the code is one of
# these names: two hand-written copies drift apart (they already did for replication counts).
# Registration content may still change: a draft, or a registration returned for revision.
EDITABLE_STATES = _in_order({State.DRAFT, State.RETURNED})
# The unit's turn: it must submit (a draft, a returned registration) or report its results (approved).
AWAITING_UNIT_STATES = _in_order({*EDITABLE_STATES, State.APPROVED})
# Never reached the committee (a draft) or taken back by the unit: not counted as registered.
UNREGISTERED_STATES = _in_order({State.DRAFT, State.WITHDRAWN})
# Reached the committee: every other state (returned, rejected, not recognized … included).
REGISTERED_STATES = _in_order(set(State) - set(UNREGISTERED_STATES))
# Approved and being carried out: the committee inspects it, the unit reports its results.
IN_PROGRESS_STATES = _in_order({State.APPROVED, State.RECOGNITION_REQUESTED})
# Put to the committee for recognition, answered or not.
REQUESTED_STATES = _in_order(
    {State.RECOGNITION_REQUESTED, State.RECOGNIZED, State.NOT_RECOGNIZED, State.RECOGNITION_REVOKED}
)
# Refused by the committee, given up by the unit, or its recognition revoked: the road stops here.
STOPPED_STATES = _in_order(
    {State.REJECTED, State.NOT_RECOGNIZED, State.WITHDRAWN, State.UNFINISHED, State.RECOGNITION_REVOKED}
)
# The end of the road, recognized or stopped.
CLOSED_STATES = _in_order({*STOPPED_STATES, State.RECOGNIZED})
# Registered and still waiting for the committee or for the unit's results: what a summary must
# resolve first, carry over to the next campaign, or close as unfinished.
OPEN_AT_SUMMARY_STATES = _in_order({State.SUBMITTED, State.RETURNED, State.APPROVED, State.RECOGNITION_REQUESTED})
# Still on its way: the unit may add evidence.
OPEN_STATES = _in_order(set(State) - set(CLOSED_STATES))
# Open and not yet put to the committee for recognition: the unit may still withdraw it and
# take back its own evidence files (from the request on, the committee scores against them).
BEFORE_REQUEST_STATES = _in_order(set(OPEN_STATES) - {State.RECOGNITION_REQUESTED})
# A replication counts once registered, unless the committee rejected it (withdrawn ones are
# not registered): the summary, the exports and the showcase all count these.
COUNTED_REPLICATION_STATES = _in_order(set(REGISTERED_STATES) - {State.REJECTED})


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Gender(models.TextChoices):
    """An exemplar's gender, asked for the tie rule of commendations (women first, Law 06/2022)."""

    NOT_STATED = "", _("Không nêu")
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class Origin(models.TextChoices):
    NEW = "new", _("Xây dựng mới")
    MAINTAINED = "maintained", _("Duy trì")
    REPLICATED = "replicated", _("Nhân rộng")
