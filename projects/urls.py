from django.urls import path

from projects import views

urlpatterns = [
    path("projects", views.ProjectCreateView.as_view(), name="projects-create"),
    path("projects/anonyVisibility", views.VisibilityView.as_view(), name="projects-visibility"),
    path("projects/summary/by-name", views.LinkableProjectsView.as_view(), name="projects-by-name"),
    path(
        "projects/summary/by-member-and-filters",
        views.FilteredProjectsView.as_view(),
        name="projects-by-filters",
    ),
    path(
        "projects/me-involved-projects/<id:project_id>",
        views.MemberProjectDetailView.as_view(),
        name="projects-member-detail",
    ),
    path(
        "projects/me-registered-projects",
        views.RegisteredProjectsView.as_view(),
        name="projects-registered",
    ),
    path(
        "projects/link-project/<id:project_id>",
        views.LinkMembershipView.as_view(),
        name="projects-link",
    ),
    path(
        "projects/<id:project_id>/membership/confirm",
        views.ConfirmMembershipView.as_view(),
        name="projects-membership-confirm",
    ),
    path(
        "projects/<id:project_id>/membership",
        views.MembershipView.as_view(),
        name="projects-membership",
    ),
    path("projects/<id:project_id>", views.ProjectView.as_view(), name="projects-detail"),
    path("search/projects", views.SearchProjectsView.as_view(), name="search-projects"),
]
