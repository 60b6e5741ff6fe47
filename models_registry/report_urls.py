"""URLs of the report pages (namespace "reports")."""

import importlib.util

from django.urls import path

from . import report_views

app_name = "reports"
urlpatterns = [
    path("", report_views.summary, name="summary"),
    path("campaigns/<int:pk>/", report_views.campaign_overview, name="campaign_overview"),
    path("initiatives/<int:pk>/commendations/", report_views.commendation_create, name="commendation_create"),
    path("initiatives/<int:pk>/pending-case/", report_views.pending_case, name="pending_case"),
]

# The exports live in their own module; mount them when it exists. find_spec (not a bare
# try/except ImportError) so that a real import error inside that module still surfaces.
if importlib.util.find_spec("models_registry.export_views") is not None:
    from . import export_views

    urlpatterns.append(path("export/", export_views.export_summary, name="export"))
