"""Why nothing may be written about an initiative now: the refusals its pages, the admin's forms and the
uploads ask in one wording.

Split from initiative.py to keep that module readable: a plain mixin (no model, no field) that Initiative
inherits, so `initiative.inspection_refusal()` and the others read as before.
"""

from __future__ import annotations

from django.utils.translation import gettext

from .states import IN_PROGRESS_STATES, State


class WriteRefusals:
    """The refusals of an initiative's writes, read from its `state`, `is_frozen` and `get_state_display()`."""

    # What may be written about an initiative in its state: evidence removed, an inspection recorded, a
    # sheet scored. Each is asked by its page, the admin's form and the uploads: answered here, in one wording.
    def refusal_outside(self, states, message: str) -> str | None:
        """Say why nothing may be written now: the campaign is summarized, or the initiative is in none of
        `states` (`message` names its state as %(state)s). None: it may."""
        from campaigns.lifecycle import SUMMARIZED_MESSAGE

        if self.is_frozen:
            return str(SUMMARIZED_MESSAGE)
        if self.state not in states:
            return message % {"state": self.get_state_display()}
        return None

    def inspection_refusal(self) -> str | None:
        """Say why no inspection of this initiative may be recorded now (None: one may)."""
        return self.refusal_outside(
            IN_PROGRESS_STATES,
            gettext("Chỉ kiểm tra mô hình đã được duyệt hoặc đang đề nghị công nhận (hiện: “%(state)s”)."),
        )

    def scoring_state_refusal(self) -> str | None:
        """Say why this initiative may not be scored now, whoever asks (None: it may)."""
        return self.refusal_outside(
            (State.RECOGNITION_REQUESTED,),
            gettext("Chỉ chấm điểm khi hồ sơ đang đề nghị công nhận (hiện: “%(state)s”)."),
        )

    def outstanding_refusal(self) -> str | None:
        """Say why the outstanding flag may not change now (None: it may): only a recognized initiative's, in a
        year not yet summarized. Asked by the committee's page and again by `mark_outstanding` under the lock."""
        return self.refusal_outside((State.RECOGNIZED,), self.OUTSTANDING_ONLY_RECOGNIZED)
