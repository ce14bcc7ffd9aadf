from django.urls import path, re_path

from reviews import views

urlpatterns = [
    path("peer-reviews/link", views.SurveyLinksView.as_view(), name="peer-reviews-link"),
    path(
        "peer-reviews/projects/<id:project_id>",
        views.SubmissionView.as_view(),
        name="peer-reviews-submit",
    ),
    path(
        "peer-reviews/projects/<id:project_id>/prism",
        views.RefreshPrismView.as_view(),
        name="peer-reviews-refresh",
    ),
    path("prism/<str:user_id>", views.PrismView.as_view(), name="prism-total"),
    path("prism/<str:user_id>/card.svg", views.PrismCardView.as_view(), name="prism-card"),
    # The web client sometimes asks with an empty user id (contract §7.3): a clean 404_2.
    re_path(
        r"^prism/(?P<user_id>[^/]*)/(?P<project_id>[0-9]{1,9})$",
        views.ProjectPrismView.as_view(),
        name="prism-each",
    ),
]
