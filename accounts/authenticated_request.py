"""The request a view gets once its permission class has admitted a signed-in account.

DRF types `request.user` as "a user or AnonymousUser" whatever the view's permissions are.
Behind `IsAuthenticated` (the default) and for the writes of `IsAuthenticatedOrReadOnly`,
the user is always a PRism account; annotating such a handler's request with this class
says so to the type checker, so services get the `User` they ask for without a cast or a
check in every view. Only an annotation: DRF still passes its own `Request` object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

from accounts.models import User

if TYPE_CHECKING:  # simplejwt loads on the first token read, not at start-up (issue 17)
    from rest_framework_simplejwt.tokens import AccessToken


class AuthenticatedRequest(Request):
    """A DRF request whose `user` is a signed-in account and whose `auth` is the access
    token that signed it in (for annotations only)."""

    user: User
    auth: AccessToken
