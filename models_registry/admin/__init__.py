"""Admin screens of the registry: initiatives, their history, inspections, scores, decisions, awards, evidence.

Importing the submodules registers their screens; the names stay importable from here.
"""

from ..imports.admin import ColumnMappingAdmin
from .commendations import CommendationAdmin, CommendationForm
from .initiatives import (
    AttachmentInline,
    InitiativeAdmin,
    InitiativeAdminForm,
    TransitionLogInline,
    action_label,
    guarded_delete_selected,
)
from .proposals import CommendationProposalAdmin, CommendationProposalForm
from .reasons import ReasonTemplateAdmin
from .records import (
    AttachmentAdmin,
    AttachmentForm,
    InitiativeFilter,
    InitiativeSearchMixin,
    InspectionAdmin,
    InspectionForm,
    RecognitionDecisionAdmin,
    RelatedRecordAdmin,
    ScopedRecordForm,
    TransitionLogAdmin,
)
from .scores import ScoreItemAdmin, ScoreItemFormSet, ScoreItemInline, ScoreSheetAdmin, ScoreSheetForm

__all__ = [
    "ColumnMappingAdmin",
    "ReasonTemplateAdmin",
    "AttachmentAdmin",
    "AttachmentForm",
    "AttachmentInline",
    "CommendationAdmin",
    "CommendationForm",
    "CommendationProposalAdmin",
    "CommendationProposalForm",
    "InitiativeAdmin",
    "InitiativeAdminForm",
    "InitiativeFilter",
    "InitiativeSearchMixin",
    "InspectionAdmin",
    "InspectionForm",
    "RecognitionDecisionAdmin",
    "RelatedRecordAdmin",
    "ScopedRecordForm",
    "ScoreItemAdmin",
    "ScoreItemFormSet",
    "ScoreItemInline",
    "ScoreSheetAdmin",
    "ScoreSheetForm",
    "TransitionLogAdmin",
    "TransitionLogInline",
    "action_label",
    "guarded_delete_selected",
]
