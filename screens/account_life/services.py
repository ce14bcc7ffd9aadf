"""A person's account over its life where it reaches other apps (DESIGN D17): sign-up
claiming the memberships listed under the address, the address change that moves them,
leaving PRism.

Each operation is one transaction that calls the apps' own services in order: accounts for
the account, projects for memberships and owned projects, reviews for results. Rules break
with `DomainError`; mails leave through tasks enqueued in the same transaction; files leave
storage only after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from accounts import services as account_services
from accounts.models import AccountDeletion, AuthPurpose, User, VerificationCode, normalize_email
from accounts.tasks import send_email_changed_notice
from prism import errors
from prism.errors import DomainError
from prism.task_queue import sealing as task_secrets
from prism.task_queue.enqueue import enqueue_in_transaction
from projects import services as project_services
from projects.models import Membership
from reviews import services as review_services


def sign_up(*, username: str, email: str, code: str, password: str) -> User:
    """Create an account for a verified address (A4) and claim the memberships listed
    under it, in one transaction."""
    with transaction.atomic():
        user = account_services.create_account(
            username=username, email=email, code=code, password=password
        )
        project_services.link_memberships_to_new_account(user=user)
    return user


def change_email(*, user: User, new_email: str, code: str) -> User:
    """Move the account to a new address proven with a CHANGE_EMAIL code it verified.

    The address must be free (a parallel change or sign-up to it loses with 400_4). The
    person's memberships follow them to the new address, memberships listed under the new
    address are claimed as at sign-up, and the old address gets a notice.
    """
    new_email = normalize_email(new_email)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old_email = locked.email
        if new_email == old_email or User.objects.filter(email=new_email).exists():
            raise DomainError(errors.AUTH_EMAIL_TAKEN)
        if project_services.projects_listing_both(user=locked, new_email=new_email):
            raise DomainError(
                errors.AUTH_EMAIL_TAKEN,
                "참여 중인 프로젝트에 이 이메일이 다른 멤버로 등록되어 있습니다. "
                "프로젝트 관리자에게 명단 수정을 요청해 주세요.",
            )
        account_services.consume_verified_code(
            email=new_email, purpose=AuthPurpose.CHANGE_EMAIL, code=code, verified_by=locked
        )
        locked.email = new_email
        try:
            with transaction.atomic():
                locked.save(update_fields=["email", "updated_at"])
        except IntegrityError:
            raise DomainError(errors.AUTH_EMAIL_TAKEN) from None
        project_services.move_memberships_to_new_address(user=locked, old_email=old_email)
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
    account_services.confirm_password_again(user=user, password=password, client_ip=client_ip)
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
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        image_name = locked.profile_image.name or None
        hand_over = project_services.hand_over_projects_of_leaving_account(user=locked)
        membership_ids = project_services.turn_memberships_into_placeholders(user=locked)
        review_services.delete_reviews_about(membership_ids=membership_ids)
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
