from django.urls import path

from . import views

# Mounted under /s/<slug>/ by tenants.routing (namespace "school").
page_patterns = [
    path("", views.home, name="home"),
]
