"""A person's own account over its life (DESIGN D17): password, address, leaving PRism.

Every function is one transaction. Rules break with `DomainError`; mails leave through tasks
enqueued in the same transaction; files leave storage only after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from accounts import limits
from accounts.models import (
    AccountDeletion,
    AuthPurpose,
    User,
    VerificationCode,
    normalize_email,
)
from accounts.services import (
    TokenPair,
    _issue_token_pair,
    consume_verified_code,
    log_out,
)
from accounts.tasks import send_email_changed_notice
from prism import errors
from prism.errors import DomainError
from prism.task_queue import sealing as task_secrets
from prism.task_queue.enqueue import enqueue_in_transaction

if TYPE_CHECKING:
    # A type only: simplejwt is loaded when a token is first read, not at start-up (issue 17).
    from rest_framework_simplejwt.tokens import AccessToken


def _check_password_again(*, user: User, password: str, client_ip: str) -> None:
    """Re-confirm the signed-in person's password under the login lockout (a stolen access
    token must not become a way to guess the password)."""
    limits.consume_login_attempt(email=user.email, ip=client_ip)
    if not user.check_password(password):
        raise DomainError(errors.AUTH_WRONG_PASSWORD)
    limits.clear_login_attempts(email=user.email, ip=client_ip)


def change_password(
    *,
    user: User,
    access_token: AccessToken,
    current_password: str,
    new_password: str,
    client_ip: str,
) -> TokenPair:
    """Replace the password of a signed-in person and start a new session.

    Every refresh token of the account is revoked (so every other session ends at its next
    refresh) and the presented access token too; the caller continues with the fresh pair.
    """
    _check_password_again(user=user, password=current_password, client_ip=client_ip)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.save(update_fields=["password", "updated_at"])
        log_out(user=locked, access_token=access_token)
        return _issue_token_pair(user=locked)


def change_email(*, user: User, new_email: str, code: str) -> User:
    """Move the account to a new address proven with a CHANGE_EMAIL code it verified.

    The address must be free (a parallel change or sign-up to it loses with 400_4). The
    person's memberships follow them to the new address, memberships listed under the new
    address are claimed as at sign-up, and the old address gets a notice.
    """
    from projects.services import move_memberships_to_new_address, projects_listing_both

    new_email = normalize_email(new_email)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old_email = locked.email
        if new_email == old_email or User.objects.filter(email=new_email).exists():
            raise DomainError(errors.AUTH_EMAIL_TAKEN)
        if projects_listing_both(user=locked, new_email=new_email):
            raise DomainError(
                errors.AUTH_EMAIL_TAKEN,
                "참여 중인 프로젝트에 이 이메일이 다른 멤버로 등록되어 있습니다. "
                "프로젝트 관리자에게 명단 수정을 요청해 주세요.",
            )
        consume_verified_code(
            email=new_email, purpose=AuthPurpose.CHANGE_EMAIL, code=code, verified_by=locked
        )
        locked.email = new_email
        try:
            with transaction.atomic():
                locked.save(update_fields=["email", "updated_at"])
        except IntegrityError:
            raise DomainError(errors.AUTH_EMAIL_TAKEN) from None
        move_memberships_to_new_address(user=locked, old_email=old_email)
        # The queue table must not keep the old address in clear: it is sealed like a code.
        enqueue_in_transaction(
            send_email_changed_notice,
            user_id=str(locked.pk),
            sealed_old_email=task_secrets.seal(old_email),
        )
    user.email = new_email
    return user


def _forget_admin_history(*, user: User, membership_ids: list[int]) -> None:
    """The admin's change history names objects by their text (an address, a member's name):
    entries about the account and its memberships go with them."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from projects.models import Membership

    types = ContentType.objects.get_for_models(User, Membership)
    LogEntry.objects.filter(content_type=types[User], object_id=str(user.pk)).delete()
    LogEntry.objects.filter(
        content_type=types[Membership], object_id__in=[str(pk) for pk in membership_ids]
    ).delete()


@dataclass(frozen=True)
class DeletionOutcome:
    projects_handed_over: int
    projects_frozen: int


def leave_prism(*, user: User, password: str, client_ip: str) -> DeletionOutcome:
    """The signed-in person deletes their own account after re-confirming the password."""
    _check_password_again(user=user, password=password, client_ip=client_ip)
    return delete_account(user=user, staff=None)


def delete_account(*, user: User, staff: User | None) -> DeletionOutcome:
    """Delete an account and its personal data in one transaction (DESIGN D17).

    Goes: the user row (and with it profile lists, refresh tokens, bookmarks and posts),
    codes for the address, the admin's history entries about them, results about the person
    and the reviews they received, and, after the commit, the profile image file. Stays,
    without the person: their memberships as placeholders, the reviews they wrote
    (teammates' results keep their numbers), and the projects they owned, handed over or
    frozen (`hand_over_projects_of_leaving_account`).
    Every token stops working at once: they name a user that no longer exists. An audit row
    records when and by which staff member, nothing about the person.
    """
    from projects.services import (
        hand_over_projects_of_leaving_account,
        turn_memberships_into_placeholders,
    )
    from reviews.services import delete_reviews_about

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        image_name = locked.profile_image.name or None
        hand_over = hand_over_projects_of_leaving_account(user=locked)
        membership_ids = turn_memberships_into_placeholders(user=locked)
        delete_reviews_about(membership_ids=membership_ids)
        VerificationCode.objects.filter(email=locked.email).delete()
        _forget_admin_history(user=locked, membership_ids=membership_ids)
        locked.delete()
        AccountDeletion.objects.create(
            origin=AccountDeletion.Origin.STAFF if staff else AccountDeletion.Origin.SELF,
            staff_id=staff.pk if staff else None,
            projects_handed_over=hand_over.handed_over,
            projects_frozen=hand_over.frozen,
        )
        if image_name:
            transaction.on_commit(lambda: default_storage.delete(image_name))
    return DeletionOutcome(
        projects_handed_over=hand_over.handed_over, projects_frozen=hand_over.frozen
    )
