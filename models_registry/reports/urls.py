"""URLs of the report pages (namespace "reports")."""

from django.urls import path

from . import commendation_proposals, export_views, views

app_name = "reports"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("campaigns/<int:pk>/", views.campaign_overview, name="campaign_overview"),
    path("initiatives/<int:pk>/commendations/", views.commendation_create, name="commendation_create"),
    path(
        "initiatives/<int:pk>/commendations/<int:commendation_pk>/",
        views.commendation_edit,
        name="commendation_edit",
    ),
    path(
        "initiatives/<int:pk>/commendations/<int:commendation_pk>/recover/",
        views.commendation_recover,
        name="commendation_recover",
    ),
    path("initiatives/<int:pk>/proposals/", commendation_proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/close/", commendation_proposals.proposal_close, name="proposal_close"),
    path("campaigns/<int:pk>/proposals/", commendation_proposals.proposal_list, name="proposal_list"),
    path("campaigns/<int:pk>/proposals/grant/", commendation_proposals.proposal_grant, name="proposal_grant"),
    path("initiatives/<int:pk>/dossier/", views.initiative_dossier, name="initiative_dossier"),
    path("initiatives/<int:pk>/pending-case/", views.pending_case, name="pending_case"),
    path("export/", export_views.export_summary, name="export"),
    path("assessment/", views.save_assessment, name="assessment"),
]
