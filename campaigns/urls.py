"""URLs of the campaign pages (namespace "campaigns")."""

from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/amend/", views.campaign_amend, name="amend"),
    path("<int:pk>/actions/<slug:action>/", views.campaign_transition, name="transition"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
