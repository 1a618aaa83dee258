from django.urls import path

from . import exports, views

app_name = "internal_control"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("riskmatris/", views.matrix_detail, name="matrix-detail"),
    path("riskmatris/andra/", views.matrix_update, name="matrix-update"),
    path("planer/ny/", views.plan_create, name="plan-create"),
    path("planer/<uuid:code>/", views.plan_detail, name="plan-detail"),
    path("planer/<uuid:code>/anta/", views.plan_adopt, name="plan-adopt"),
    path("planer/<uuid:code>/oppna-igen/", views.plan_reopen, name="plan-reopen"),
    path("planer/<uuid:code>/uppfoljning/", views.plan_followup, name="plan-followup"),
    path("planer/<uuid:code>/uppfoljning.pdf", exports.plan_followup_pdf, name="plan-followup-pdf"),
    path("planer/<uuid:code>/export.xlsx", exports.plan_export, name="plan-export"),
    path("planer/<uuid:code>/processer/ny/", views.process_create, name="process-create"),
    path("processer/<uuid:code>/andra/", views.process_update, name="process-update"),
    path("processer/<uuid:code>/ta-bort/", views.process_delete, name="process-delete"),
    path("planer/<uuid:code>/risker/ny/", views.risk_create, name="risk-create"),
    path("risker/<uuid:code>/", views.risk_detail, name="risk-detail"),
    path("risker/<uuid:code>/andra/", views.risk_update, name="risk-update"),
    path("risker/<uuid:code>/ta-bort/", views.risk_delete, name="risk-delete"),
    path("risker/<uuid:code>/kontrollmoment/ny/", views.control_create, name="control-create"),
    path("kontrollmoment/<uuid:code>/", views.control_detail, name="control-detail"),
    path("kontrollmoment/<uuid:code>/andra/", views.control_update, name="control-update"),
    path("kontrollmoment/<uuid:code>/ta-bort/", views.control_delete, name="control-delete"),
    path("kontrollmoment/<uuid:code>/resultat/ny/", views.result_create, name="result-create"),
    path("resultat/<uuid:code>/rattelse/", views.result_correct, name="result-correct"),
    path("resultat/<uuid:code>/atgarder/ny/", views.action_create, name="action-create"),
    path("atgarder/<uuid:code>/klar/", views.action_complete, name="action-complete"),
    path("sammanstallning/", views.compilation_current, name="compilation-current"),
    path("sammanstallning/<int:year>/", views.compilation, name="compilation"),
    path("sammanstallning/<int:year>.pdf", exports.compilation_pdf, name="compilation-pdf"),
]
