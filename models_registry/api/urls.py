"""URLs of the read API (namespace "api"), mounted at /api/: version 1 under v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import open_data, views

app_name = "api"

router = SimpleRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("units", views.UnitViewSet, basename="unit")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("commendations", views.CommendationViewSet, basename="commendation")

v1 = [
    *router.urls,
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("open/initiatives/", open_data.OpenInitiativeList.as_view(), name="open-initiatives"),
    path("open/initiatives.csv", open_data.OpenInitiativeCsv.as_view(), name="open-initiatives-csv"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # Swagger UI from the sidecar, its script in a file (no inline script, no CDN); Redoc is left
    # out because its page preconnects to an outside font host.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [path("v1/", include(v1))]
