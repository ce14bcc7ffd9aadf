"""Routes of the project screens that show review facts; the same paths as before they
moved here (contract §5.3)."""

from django.urls import path

from screens.project_pages import views

urlpatterns = [
    path(
        "projects/summary/detail/<id:project_id>",
        views.PublicProjectDetailView.as_view(),
        name="projects-public-detail",
    ),
    path(
        "projects/me-involved-projects",
        views.InvolvedProjectsView.as_view(),
        name="projects-involved",
    ),
    path(
        "projects/who-involved-projects",
        views.PersonProjectsView.as_view(),
        name="projects-of-person",
    ),
    path(
        "projects/<id:project_id>/members", views.TeamMembersView.as_view(), name="projects-members"
    ),
]
