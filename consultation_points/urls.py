from django.urls import path

from . import views

app_name = "consultation_points"
urlpatterns = [
    path("consultation-points/<int:point_id>/", views.home, name="home"),
]
