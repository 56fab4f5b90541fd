"""Pages of the regional centre (CENTRE, issue 9 §§1, 2, 7). The centre's home stays at /region/
(regional_center:home, regional_center/urls.py); the rest lives under /region/."""

from django.urls import path

from . import views_centre as views

app_name = "centre"
urlpatterns = [
    path("region/roadmap/", views.roadmap_page, name="roadmap"),
    path("region/roadmap/stages/<str:stage_kind>/", views.stage_edit, name="stage_edit"),
    path("region/roadmap/stages/<int:stage_id>/milestones/", views.milestone_add, name="milestone_add"),
    path("region/roadmap/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("region/partners/", views.partner_list, name="partners"),
    path("region/partners/new/", views.partner_new, name="partner_new"),
    path("region/partners/<int:partner_id>/", views.partner_detail, name="partner"),
    path("region/partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("region/agreements/", views.agreement_list, name="agreements"),
    path("region/agreements/new/", views.agreement_new, name="agreement_new"),
    path("region/agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("region/agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path(
        "region/agreements/<int:agreement_id>/document/", views.agreement_document, name="agreement_document"
    ),
    path("region/practices/", views.practice_list, name="practices"),
    path("region/practices/new/", views.practice_new, name="practice_new"),
    path("region/practices/<int:practice_id>/", views.practice_detail, name="practice"),
]
