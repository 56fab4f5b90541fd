"""Pages of the support of low-result schools (issue 9 §§4–6); included once from urls_public."""

from django.urls import path

from . import views_support as views

app_name = "support"
urlpatterns = [
    path("support/pairs/", views.pair_list_view, name="pairs"),
    path("support/pairs/<int:pair_id>/", views.pair_view, name="pair"),
    path("support/routes/", views.route_counts_view, name="routes"),
    path("support/routes/shared/<int:shared_id>/", views.shared_route_view, name="shared_route"),
]
