"""URLs of the unit staff's pages (namespace "staff", mounted at the site root)."""

from django.urls import path

from .views import evidence, initiatives, lists, proposals, registration

app_name = "staff"
urlpatterns = [
    path("", lists.home, name="home"),
    path("initiatives/", lists.initiative_list, name="initiative_list"),
    path("initiatives/new/", registration.initiative_create, name="initiative_create"),
    path("initiatives/similar/", registration.initiative_similar, name="initiative_similar"),
    path("initiatives/lookup/", registration.initiative_lookup, name="initiative_lookup"),
    path("initiatives/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", registration.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/replicate/", registration.initiative_replicate, name="initiative_replicate"),
    path("initiatives/<int:pk>/evidence/", evidence.initiative_evidence, name="initiative_evidence"),
    path(
        "initiatives/<int:pk>/actions/<slug:action>/", initiatives.initiative_transition, name="initiative_transition"
    ),
    path("replication-proposals/", proposals.proposal_list, name="replication_proposals"),
    path("replication-proposals/<int:pk>/accept/", proposals.proposal_accept, name="replication_proposal_accept"),
    path("replication-proposals/<int:pk>/decline/", proposals.proposal_decline, name="replication_proposal_decline"),
    path("attachments/<int:pk>/", evidence.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", evidence.attachment_remove, name="attachment_remove"),
    path("attachments/<int:pk>/publish/", evidence.attachment_publish, name="attachment_publish"),
]
