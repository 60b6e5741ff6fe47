"""Admin screens of the organisation and the yearly frame: units, committees, fields, campaigns, criteria.

Every `get_queryset` goes through the models' `visible_to(user)`, so a committee member who
logs into the admin sees only their own subtree. Campaign moves go through the lifecycle
entry point (`apply_campaign`), never by writing the state.

Importing the submodules registers their screens; the names stay importable from here.

- `common`: folded search, the area and campaign filters, the bulk-action page, the move pages,
  read-only records (the registry's admin uses them too);
- `units`: units and their staff; `committees`: steering committees and their members;
- `campaigns`: fields, campaigns and their moves, criteria, documents, the campaign log.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .campaigns import (
    CampaignAdmin,
    CampaignDocumentAdmin,
    CampaignLogAdmin,
    CriteriaSetAdmin,
    CriterionAdmin,
    FieldAdmin,
    LaunchForm,
    SummarizeForm,
)
from .committees import CommitteeMembershipAdmin, SteeringCommitteeAdmin
from .common import (
    AREA_FILTER_LIMIT,
    AREA_KINDS,
    CampaignFilter,
    FoldedSearchMixin,
    LogInline,
    OwnKindFilter,
    ParentAreaFilter,
    ReadOnlyAdminMixin,
    TransitionPagesMixin,
    UnitAreaFilter,
    UnitKindFilter,
    folded_words,
    form_action,
    search_folded,
)
from .logins import MendedAccessAttemptAdmin  # noqa: F401  (registers the mended login-guard screen)
from .units import UnitAdmin, UnitMembershipAdmin

admin.site.site_header = _("Quản trị Dân vận khéo")
admin.site.site_title = _("Quản trị Dân vận khéo")
admin.site.index_title = _("Quản trị hệ thống")

__all__ = [
    "AREA_FILTER_LIMIT",
    "AREA_KINDS",
    "CampaignAdmin",
    "CampaignDocumentAdmin",
    "CampaignFilter",
    "CampaignLogAdmin",
    "CommitteeMembershipAdmin",
    "CriteriaSetAdmin",
    "CriterionAdmin",
    "FieldAdmin",
    "FoldedSearchMixin",
    "LogInline",
    "LaunchForm",
    "OwnKindFilter",
    "ParentAreaFilter",
    "ReadOnlyAdminMixin",
    "SteeringCommitteeAdmin",
    "SummarizeForm",
    "TransitionPagesMixin",
    "UnitAdmin",
    "UnitAreaFilter",
    "UnitKindFilter",
    "UnitMembershipAdmin",
    "folded_words",
    "form_action",
    "search_folded",
]
