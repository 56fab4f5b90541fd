from django.urls import path

from . import views, views_centre

app_name = "regional_center"
urlpatterns = [
    path("region/", views_centre.home, name="home"),  # the centre's home (CENTRE, issue 9)
    path("municipalities/<int:municipality_id>/", views.municipality, name="municipality"),
]
