"""Pages of the support of low-result schools (issue 9 §§4–6); included once from urls_public."""

from django.urls import path

from . import views_support as views

app_name = "support"
urlpatterns = [
    path("support/schools/", views.school_list_view, name="schools"),
    path("support/schools/<int:school_id>/", views.school_view, name="school"),
    path("support/schools/<int:school_id>/risk/", views.risk_factor_set_view, name="risk_set"),
    path("support/schools/<int:school_id>/self/", views.self_diagnosis_set_view, name="self_set"),
    path("support/schools/<int:school_id>/programme/", views.programme_save_view, name="programme_save"),
    path("support/schools/<int:school_id>/pair/", views.pair_create_view, name="pair_create"),
    path("support/programmes/<int:programme_id>/measures/", views.measure_add_view, name="measure_add"),
    path("support/measures/<int:measure_id>/", views.measure_update_view, name="measure_update"),
    path("support/pairs/", views.pair_list_view, name="pairs"),
    path("support/pairs/<int:pair_id>/", views.pair_view, name="pair"),
    path("support/pairs/<int:pair_id>/items/", views.plan_item_add_view, name="item_add"),
    path("support/pairs/<int:pair_id>/visits/", views.visit_add_view, name="visit_add"),
    path("support/pairs/<int:pair_id>/indicators/", views.indicator_set_view, name="indicator_set"),
    path("support/pairs/<int:pair_id>/complete/", views.pair_complete_view, name="complete"),
    path("support/items/<int:item_id>/", views.plan_item_update_view, name="item_update"),
    path("support/routes/", views.route_counts_view, name="routes"),
    path("support/routes/shared/<int:shared_id>/", views.shared_route_view, name="shared_route"),
]
