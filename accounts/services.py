"""Account use cases: verification codes, sign-up, passwords, tokens and profiles.

Every function is one transaction. Rules break with `DomainError`; mails leave through
tasks enqueued in the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import limits
from accounts.authentication import read_token
from accounts.images import CleanImage
from accounts.models import (
    AuthPurpose,
    RefreshToken,
    RevokedAccessToken,
    User,
    UserInterestJob,
    UserSkill,
    VerificationCode,
    normalize_email,
)
from accounts.tasks import send_verification_code_mail
from prism import errors
from prism.errors import DomainError, ErrorCode
from prism.lists import distinct_stripped
from prism.task_queue import sealing as task_secrets
from prism.task_queue.enqueue import enqueue_in_transaction

# simplejwt is imported where tokens are made or read, not at start-up (issue 17).
if TYPE_CHECKING:
    from rest_framework_simplejwt.tokens import AccessToken

CODE_ALPHABET = string.ascii_uppercase + string.digits
CODE_LENGTH = 6


def _code_digest(code: str) -> str:
    # Keyed, so a leaked table does not give away codes by a 36^6 brute force.
    normalized = code.strip().upper()
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- Verification codes --------------------------------------------------------------------------


def send_verification_code(*, email: str, purpose: AuthPurpose, client_ip: str) -> None:
    """Mail a fresh code for (email, purpose); earlier live codes stop working (A2)."""
    email = normalize_email(email)
    taken_refused = (AuthPurpose.SIGNUP, AuthPurpose.CHANGE_EMAIL)
    if purpose in taken_refused and User.objects.filter(email=email).exists():
        raise DomainError(errors.AUTH_EMAIL_TAKEN)
    limits.consume_code_send(email=email, purpose=purpose, ip=client_ip)
    code = _new_code()
    now = timezone.now()
    with transaction.atomic():
        VerificationCode.objects.filter(
            email=email, purpose=purpose, verified_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        record = VerificationCode.objects.create(
            email=email,
            purpose=purpose,
            code_digest=_code_digest(code),
            expires_at=now + timedelta(seconds=settings.PRISM_CODE_TTL_SECONDS),
        )
        # The queue table must not hold the code in clear (only its digest is stored).
        enqueue_in_transaction(
            send_verification_code_mail, code_id=record.pk, sealed_code=task_secrets.seal(code)
        )


def verify_code(
    *, email: str, purpose: AuthPurpose, code: str, client_ip: str, user: User | None = None
) -> None:
    """Mark the code verified (A3). Wrong tries count against the live code (D10).

    `user` is the signed-in caller, if any: the verification is bound to that account, and
    a LOAD_PROJECT verification can only be used by it (W-03).
    """
    limits.consume_verify_attempt(ip=client_ip)
    with transaction.atomic():
        refusal = _verify_code_locked(
            email=normalize_email(email), purpose=purpose, code=code, user=user
        )
    # Raised after the commit: a counted wrong try must survive the refusal.
    if refusal is not None:
        raise DomainError(refusal)


def _verify_code_locked(
    *, email: str, purpose: AuthPurpose, code: str, user: User | None
) -> ErrorCode | None:
    now = timezone.now()
    codes = VerificationCode.objects.select_for_update().filter(
        email=email, purpose=purpose, consumed_at__isnull=True
    )
    # Locked reads are never sliced (Oracle refuses FOR UPDATE with FETCH FIRST): take the
    # first of the few locked rows instead of `.first()`.
    match = next(
        iter(codes.filter(code_digest=_code_digest(code)).order_by("-created_at", "-id")), None
    )
    if match is None:
        live = next(
            iter(
                codes.filter(verified_at__isnull=True, expires_at__gt=now).order_by(
                    "-created_at", "-id"
                )
            ),
            None,
        )
        if live is not None:
            live.failed_attempts += 1
            if live.failed_attempts >= settings.PRISM_CODE_MAX_ATTEMPTS:
                live.expires_at = now
            live.save(update_fields=["failed_attempts", "expires_at"])
        return errors.AUTH_CODE_MISMATCH
    if (
        match.verified_at is not None
        or match.expires_at <= now
        or match.failed_attempts >= settings.PRISM_CODE_MAX_ATTEMPTS
    ):
        return errors.AUTH_CODE_EXPIRED
    match.verified_at = now
    match.verified_by = user
    match.save(update_fields=["verified_at", "verified_by"])
    return None


def consume_verified_code(
    *,
    email: str,
    purpose: AuthPurpose,
    code: str | None = None,
    verified_by: User | None = None,
) -> None:
    """Use up a recently verified code for (email, purpose[, code][, verifier]) or refuse (400_3).

    Called inside the transaction of the action the code authorises (sign-up, password
    reset, project linking), so a code authorises exactly one action (DESIGN D10). With
    `verified_by`, only a code that account verified while signed in qualifies.
    """
    now = timezone.now()
    verified = VerificationCode.objects.select_for_update().filter(
        email=normalize_email(email),
        purpose=purpose,
        verified_at__isnull=False,
        consumed_at__isnull=True,
        verified_at__gte=now - timedelta(seconds=settings.PRISM_VERIFIED_CODE_TTL_SECONDS),
    )
    if code is not None:
        verified = verified.filter(code_digest=_code_digest(code))
    if verified_by is not None:
        verified = verified.filter(verified_by=verified_by)
    # Not `.first()`: Oracle refuses FOR UPDATE with FETCH FIRST (DESIGN §3).
    record = next(iter(verified.order_by("-verified_at", "-id")), None)
    if record is None:
        raise DomainError(errors.AUTH_EMAIL_NOT_VERIFIED)
    record.consumed_at = now
    record.save(update_fields=["consumed_at"])


# --- Sign-up and passwords -----------------------------------------------------------------------


def create_account(*, username: str, email: str, code: str, password: str) -> User:
    """Create an account for a verified address (A4).

    Only the account: sign-up also claims the memberships listed under the address, which
    `screens.account_life.services.sign_up` composes around this in the same transaction.
    """
    email = normalize_email(email)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise DomainError(errors.AUTH_EMAIL_TAKEN)
        try:
            consume_verified_code(email=email, purpose=AuthPurpose.SIGNUP, code=code)
        except DomainError:
            # A parallel sign-up may have used the code and created the account meanwhile.
            if User.objects.filter(email=email).exists():
                raise DomainError(errors.AUTH_EMAIL_TAKEN) from None
            raise
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, password, name=username.strip())
        except IntegrityError:
            raise DomainError(errors.AUTH_EMAIL_TAKEN) from None
    return user


def reset_password(*, email: str, code: str, password: str) -> None:
    """Replace the password (A5) and end every session that could refresh (D6)."""
    email = normalize_email(email)
    with transaction.atomic():
        try:
            user = User.objects.select_for_update().get(email=email)
        except User.DoesNotExist:
            raise DomainError(errors.AUTH_EMAIL_UNKNOWN) from None
        consume_verified_code(email=email, purpose=AuthPurpose.RESET_PASSWORD, code=code)
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
        _revoke_refresh_tokens(RefreshToken.objects.filter(user=user))


# --- Tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _issue_token_pair(*, user: User, family: str | None = None) -> TokenPair:
    from rest_framework_simplejwt.tokens import AccessToken
    from rest_framework_simplejwt.tokens import RefreshToken as JWTRefreshToken

    refresh = JWTRefreshToken.for_user(user)
    RefreshToken.objects.create(
        jti=refresh["jti"],
        user=user,
        family=family or uuid.uuid4().hex,
        expires_at=datetime.fromtimestamp(refresh["exp"], tz=UTC),
    )
    return TokenPair(access=str(AccessToken.for_user(user)), refresh=str(refresh))


def _revoke_refresh_tokens(tokens: QuerySet[RefreshToken]) -> None:
    tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def log_in(*, email: str, password: str, client_ip: str) -> TokenPair:
    """Check the credentials (A6, D3) under a per-(e-mail, IP) lockout; issue a token pair.

    The attempt takes its lockout slot before the password is checked, so parallel guesses
    get no more checks than sequential ones. An unknown address runs the hasher once too,
    so the answer's timing does not tell which addresses have an account.
    """
    email = normalize_email(email)
    limits.consume_login_attempt(email=email, ip=client_ip)
    user = User.objects.filter(email=email).first()
    if user is None:
        User().set_password(password)
        raise DomainError(errors.AUTH_EMAIL_UNKNOWN)
    if not user.check_password(password) or not user.is_active:
        raise DomainError(errors.AUTH_WRONG_PASSWORD)
    limits.clear_login_attempts(email=email, ip=client_ip)
    with transaction.atomic():
        return _issue_token_pair(user=user)


def refresh_token_pair(*, raw_refresh_token: str) -> TokenPair:
    """Rotate a refresh token (A7, D6).

    The used token stays valid for `PRISM_REFRESH_GRACE_SECONDS` after its first use,
    because the web client fires parallel refreshes with one token. Presented later, it
    is treated as stolen: its whole login family is revoked.
    """
    from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
    from rest_framework_simplejwt.tokens import RefreshToken as JWTRefreshToken

    try:
        token = read_token(JWTRefreshToken, raw_refresh_token)
    except ExpiredTokenError:
        expired = read_token(JWTRefreshToken, raw_refresh_token, verify=False)
        RefreshToken.objects.filter(jti=expired.get("jti", "")).delete()
        raise DomainError(errors.AUTH_TOKEN_EXPIRED) from None
    except TokenError:
        raise DomainError(errors.AUTH_TOKEN_INVALID) from None
    with transaction.atomic():
        outcome = _rotate_locked(jti=token.get("jti", ""))
    if isinstance(outcome, ErrorCode):
        raise DomainError(outcome)
    return outcome


def _rotate_locked(*, jti: str) -> TokenPair | ErrorCode:
    now = timezone.now()
    try:
        row = RefreshToken.objects.select_for_update().select_related("user").get(jti=jti)
    except RefreshToken.DoesNotExist:
        return errors.AUTH_TOKEN_INVALID
    if row.revoked_at is not None or not row.user.is_active:
        return errors.AUTH_TOKEN_INVALID
    if row.expires_at <= now:
        row.delete()
        return errors.AUTH_TOKEN_EXPIRED
    if row.used_at is None:
        row.used_at = now
        row.save(update_fields=["used_at"])
    elif now - row.used_at > timedelta(seconds=settings.PRISM_REFRESH_GRACE_SECONDS):
        _revoke_refresh_tokens(RefreshToken.objects.filter(family=row.family))
        return errors.AUTH_TOKEN_INVALID
    return _issue_token_pair(user=row.user, family=row.family)


def log_out(*, user: User, access_token: AccessToken) -> None:
    """Revoke the presented access token and every refresh token of the user (A8)."""
    with transaction.atomic():
        RevokedAccessToken.objects.get_or_create(
            jti=access_token["jti"],
            defaults={"expires_at": datetime.fromtimestamp(access_token["exp"], tz=UTC)},
        )
        _revoke_refresh_tokens(RefreshToken.objects.filter(user=user))


def confirm_password_again(*, user: User, password: str, client_ip: str) -> None:
    """Re-confirm a signed-in person's password under the login lockout (a stolen access
    token must not become a way to guess the password); a wrong one is 401_1."""
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
    """Replace the password of a signed-in person and start a new session (DESIGN D17).

    Every refresh token of the account is revoked (so every other session ends at its next
    refresh) and the presented access token too; the caller continues with the fresh pair.
    """
    confirm_password_again(user=user, password=current_password, client_ip=client_ip)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.save(update_fields=["password", "updated_at"])
        log_out(user=locked, access_token=access_token)
        return _issue_token_pair(user=locked)


def purge_expired_credentials() -> dict[str, int]:
    """Delete codes, refresh tokens, revocations and abuse counters that can no longer matter."""
    now = timezone.now()
    keep_codes_after = now - timedelta(days=1)
    with transaction.atomic():
        codes, _ = VerificationCode.objects.filter(expires_at__lt=keep_codes_after).delete()
        tokens, _ = RefreshToken.objects.filter(expires_at__lt=now).delete()
        revoked, _ = RevokedAccessToken.objects.filter(expires_at__lt=now).delete()
        counters = limits.purge_expired_counters()
    return {
        "codes": codes,
        "refreshTokens": tokens,
        "revokedAccessTokens": revoked,
        "abuseCounters": counters,
    }


# --- Profiles ------------------------------------------------------------------------------------

UNSET = object()


def _replace_list[M: (UserSkill, UserInterestJob)](
    *, user: User, model: type[M], values: list[str]
) -> None:
    model.objects.filter(user=user).delete()
    model.objects.bulk_create(
        [model(user=user, position=index, value=value) for index, value in enumerate(values)]
    )


def update_profile(
    *,
    user: User,
    username: object = UNSET,
    skills: object = UNSET,
    interest_jobs: object = UNSET,
    introduction: object = UNSET,
) -> None:
    """Apply a profile patch (U3) with DESIGN D11's semantics.

    A list that is present replaces the stored list (an empty list clears it); a string
    changes when it is not blank; `introduction: null` clears the introduction.
    """
    with transaction.atomic():
        # Replacing a list is delete-then-insert: two patches interleaved would insert the
        # same (user, position) twice. Locking the user row makes patches take turns.
        locked = User.objects.select_for_update().get(pk=user.pk)
        user.name, user.introduction = locked.name, locked.introduction
        changed: list[str] = []
        if isinstance(username, str) and username.strip() and username.strip() != user.name:
            user.name = username.strip()
            changed.append("name")
        if introduction is None and user.introduction is not None:
            user.introduction = None
            changed.append("introduction")
        elif isinstance(introduction, str) and introduction.strip():
            user.introduction = introduction.strip()
            changed.append("introduction")
        if isinstance(skills, list):
            _replace_list(user=user, model=UserSkill, values=distinct_stripped(skills))
        if isinstance(interest_jobs, list):
            _replace_list(user=user, model=UserInterestJob, values=distinct_stripped(interest_jobs))
        if changed or isinstance(skills, list) or isinstance(interest_jobs, list):
            user.save(update_fields=[*changed, "updated_at"])


def set_profile_image(*, user: User, image: CleanImage) -> str:
    """Store a new profile image (D14) and remove the previous file once committed.

    The new file is written first (storage is not transactional); if the database write
    then fails, it is deleted again, and the previous file stays until a commit replaces it.
    """
    name = default_storage.save(
        f"profile-images/{user.id.hex}/{uuid.uuid4().hex}.{image.extension}",
        ContentFile(image.content),
    )
    try:
        with transaction.atomic():
            _replace_profile_image(user=user, new_name=name)
    except BaseException:
        default_storage.delete(name)
        raise
    return name


def remove_profile_image(*, user: User) -> None:
    with transaction.atomic():
        _replace_profile_image(user=user, new_name=None)


def _replace_profile_image(*, user: User, new_name: str | None) -> None:
    try:
        locked = User.objects.select_for_update().get(pk=user.pk)
    except User.DoesNotExist:  # the account left PRism while this request was on its way
        raise DomainError(errors.AUTH_FAILED) from None
    old_name = locked.profile_image.name or None
    locked.profile_image = new_name
    locked.save(update_fields=["profile_image", "updated_at"])
    user.profile_image = locked.profile_image
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
