"""URLs of the committee pages (namespace "committee")."""

from django.urls import path

from .committee_views import queues as views

app_name = "committee"
urlpatterns = [
    path("", views.home, name="home"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("due-inspections/", views.due_inspections, name="due_inspections"),
    path("recognition/", views.recognition, name="recognition"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("initiatives/<int:pk>/appraise/", views.appraise, name="appraise"),
    path("initiatives/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("initiatives/<int:pk>/inspections/", views.inspection_list, name="inspection_list"),
    path("initiatives/<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path("initiatives/<int:pk>/score/", views.score, name="score"),
    path("initiatives/<int:pk>/outstanding/", views.mark_outstanding, name="mark_outstanding"),
]
