"""Thin views of the recruitment-post endpoints (T1–T5, and the writer's PUT/DELETE)."""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authenticated_request import AuthenticatedRequest
from accounts.authentication import signed_in_user
from posts import selectors, services
from posts.serializers import (
    BookmarkOutput,
    PostCreatedOutput,
    PostInputSerializer,
    PostListQuery,
    PostPageOutput,
    PostWithProjectOutput,
)
from prism.openapi_annotations import extend_schema
from prism.responses import success
from prism.validation import validated

TAGS = ["posts"]


class PostsView(APIView):
    # Browsing is public (with `bookmarked` for a signed-in caller); writing is not.
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        tags=TAGS,
        operation_id="posts_list",
        parameters=[PostListQuery],
        responses={200: PostPageOutput},
    )
    def get(self, request: Request) -> Response:
        query = validated(PostListQuery, request.query_params)
        page = selectors.post_page(viewer=signed_in_user(request), **query)
        return success(PostPageOutput(page).data)

    @extend_schema(
        tags=TAGS,
        operation_id="posts_create",
        request=PostInputSerializer,
        responses={200: PostCreatedOutput},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        post = services.create_post(
            writer=request.user, data=validated(PostInputSerializer, request.data)
        )
        return success(PostCreatedOutput(post).data)


class BookmarkedPostsView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="posts_bookmarked",
        parameters=[PostListQuery],
        responses={200: PostPageOutput},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = validated(PostListQuery, request.query_params)
        page = selectors.post_page(viewer=request.user, bookmarked_only=True, **query)
        return success(PostPageOutput(page).data)


class PostView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="posts_detail",
        responses={200: PostWithProjectOutput},
        description="Counts one view per successful call; `viewCount` is the count before it.",
    )
    def get(self, request: Request, post_id: int) -> Response:
        return success(PostWithProjectOutput(services.view_post(post_id=post_id)).data)

    @extend_schema(
        tags=TAGS,
        operation_id="posts_update",
        request=PostInputSerializer,
        responses={200: PostCreatedOutput},
        description="Writer only. `recruitmentStatus`: CLOSED closes the post, RECRUITING reopens.",
    )
    def put(self, request: AuthenticatedRequest, post_id: int) -> Response:
        data = validated(PostInputSerializer, request.data)
        post = services.update_post(user=request.user, post_id=post_id, data=data)
        return success(PostCreatedOutput(post).data)

    @extend_schema(
        tags=TAGS, operation_id="posts_delete", responses={204: None}, description="Writer only."
    )
    def delete(self, request: AuthenticatedRequest, post_id: int) -> Response:
        services.delete_post(user=request.user, post_id=post_id)
        return success(None, status=204)


class BookmarkView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="posts_toggle_bookmark",
        request=None,
        responses={200: BookmarkOutput},
        description="Bookmarks the post, or flips the caller's bookmark; answers the new state.",
    )
    def post(self, request: AuthenticatedRequest, post_id: int) -> Response:
        active = services.toggle_bookmark(user=request.user, post_id=post_id)
        return success(BookmarkOutput({"post_id": post_id, "bookmarked": active}).data)
