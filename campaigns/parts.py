"""A campaign's parts written from its page: the criteria blocks and the launch documents.

Beside the model, not in the views: `Campaign.save_amendment` writes them inside its own transaction,
and the draft pages hand them to `Campaign.save_draft`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .forms import CriteriaBlock, DocumentFormSet
    from .models import Campaign


def save_campaign_parts(campaign: Campaign, blocks: Sequence[CriteriaBlock], documents: DocumentFormSet) -> None:
    """Write the validated criteria blocks and documents formset to the campaign (removed files go too)."""
    for block in blocks:
        block.save(campaign)
    documents.instance = campaign
    for document in documents.save(commit=False):
        document.campaign = campaign
        document.save()
    for document in documents.deleted_objects:
        # Its file goes once the campaign's save commits (django-cleanup): a rollback keeps both.
        document.delete()
