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
        "projects/me-involved-projects/<id:project_id>",
        views.MemberProjectDetailView.as_view(),
        name="projects-member-detail",
    ),
    path(
        "projects/who-involved-projects",
        views.PersonProjectsView.as_view(),
        name="projects-of-person",
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
        "projects/<id:project_id>/members", views.TeamMembersView.as_view(), name="projects-members"
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
