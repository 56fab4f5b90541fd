from django.urls import path

from . import views

app_name = "regional_center"
urlpatterns = [
    path("region/", views.home, name="home"),
    path("municipalities/<int:municipality_id>/", views.municipality, name="municipality"),
]
