"""URLs of the committee pages (namespace "committee")."""

from django.urls import include, path

from .views import bulk_moves, decisions, home, initiatives, queues, reasons, remarks, replication, scoring, summarize

app_name = "committee"

# The pages of one recognition decision, under "decisions/<pk>/".
decision_patterns = [
    path("", decisions.decision_detail, name="decision_detail"),
    path("pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("docx/", decisions.decision_docx, name="decision_docx"),
    path("amend/", decisions.decision_amend, name="decision_amend"),
    path("certificates/", decisions.decision_certificates, name="decision_certificates"),
    path("dossier/", decisions.decision_dossier, name="decision_dossier"),
]

# The committee's pages of one initiative, under "initiatives/<pk>/".
initiative_patterns = [
    path("appraise/", initiatives.appraise, name="appraise"),
    path("twin/", initiatives.twin_compare, name="twin_compare"),
    path("act/<slug:action>/", initiatives.act, name="act"),
    path("inspections/", initiatives.inspection_list, name="inspection_list"),
    path("inspections/new/", initiatives.inspection_create, name="inspection_create"),
    path("inspections/<int:inspection_pk>/", initiatives.inspection_edit, name="inspection_edit"),
    path("score/", initiatives.score, name="score"),
    path("scorers/", scoring.scorers, name="scorers"),
    path("recusal/", scoring.recusal, name="recusal"),
    path("sheets/<int:sheet_pk>/reopen/", scoring.reopen, name="reopen_sheet"),
    path("minutes.pdf", scoring.minutes_pdf, name="minutes_pdf"),
    path("minutes.docx", scoring.minutes_docx, name="minutes_docx"),
    path("outstanding/", initiatives.mark_outstanding, name="mark_outstanding"),
    path("remarks/new/", remarks.remark_create, name="remark_create"),
    path("remarks/<int:remark_pk>/withdraw/", remarks.remark_withdraw, name="remark_withdraw"),
    path("propose-replication/", replication.propose, name="replication_propose"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("bulk-approve/", bulk_moves.bulk_approve, name="bulk_approve"),
    path("bulk-move/", bulk_moves.bulk_move, name="bulk_move"),
    path("due-inspections/", queues.due_inspections, name="due_inspections"),
    path("recognition/", queues.recognition, name="recognition"),
    path("reasons/", reasons.reason_list, name="reason_list"),
    path("reasons/new/", reasons.reason_create, name="reason_create"),
    path("reasons/<int:pk>/", reasons.reason_edit, name="reason_edit"),
    path("reasons/<int:pk>/delete/", reasons.reason_delete, name="reason_delete"),
    path("decisions/basis-revoked/", decisions.basis_revoked, name="basis_revoked"),
    path("decisions/<int:pk>/", include(decision_patterns)),
    path("campaigns/<int:pk>/summarize/", summarize.summarize, name="summarize"),
    path("files/<int:pk>/thumbnail.jpg", initiatives.thumbnail, name="thumbnail"),
    path("initiatives/<int:pk>/", include(initiative_patterns)),
]
