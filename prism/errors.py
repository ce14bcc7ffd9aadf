"""Domain errors and the contract's error-code catalogue (api-contract §6, DESIGN D2/D3).

Services raise `DomainError(SOME_CODE)`; they know nothing of HTTP. The exception handler
in `prism.exception_handler` turns every error into the `{code, message}` envelope with the
code's HTTP status.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    http_status: int
    message: str


class DomainError(Exception):
    """A rule was broken; the client gets `error.code` with its status and message."""

    def __init__(self, error: ErrorCode, message: str | None = None) -> None:
        self.error = error
        self.message = message or error.message
        super().__init__(f"{error.code}: {self.message}")


# Global (framework-level) errors, DESIGN D2.
GLOBAL_400_1 = ErrorCode("Global_400_1", 400, "Argument not valid")
GLOBAL_403_1 = ErrorCode("Global_403_1", 403, "Permission denied")
GLOBAL_404_1 = ErrorCode("Global_404_1", 404, "Resource not found")
GLOBAL_405_1 = ErrorCode("Global_405_1", 405, "Method not allowed")
GLOBAL_406_1 = ErrorCode("Global_406_1", 406, "Not acceptable")
GLOBAL_413_1 = ErrorCode("Global_413_1", 413, "Request body too large")
GLOBAL_415_1 = ErrorCode("Global_415_1", 415, "Unsupported media type")
GLOBAL_429_1 = ErrorCode("Global_429_1", 429, "Too many requests")
GLOBAL_500_1 = ErrorCode("Global_500_1", 500, "internal server error")
GLOBAL_503_1 = ErrorCode("Global_503_1", 503, "Service unavailable")

# Authentication (contract §6.2). 401_1 and 401_5 travel with HTTP 400 (DESIGN D3).
AUTH_CODE_MISMATCH = ErrorCode("AuthCode_400_1", 400, "인증코드가 일치하지 않습니다.")
AUTH_CODE_EXPIRED = ErrorCode("AuthCode_400_2", 400, "이미 만료된 인증코드입니다.")
AUTH_EMAIL_NOT_VERIFIED = ErrorCode("AuthCode_400_3", 400, "이메일 인증을 하지 않았습니다.")
AUTH_EMAIL_TAKEN = ErrorCode("AuthCode_400_4", 400, "이미 가입된 이메일입니다")
AUTH_WRONG_PASSWORD = ErrorCode("AuthCode_401_1", 400, "비밀번호가 일치하지 않습니다.")
AUTH_TOKEN_INVALID = ErrorCode("AuthCode_401_2", 401, "유효하지 않은 토큰입니다.")
AUTH_TOKEN_EXPIRED = ErrorCode("AuthCode_401_3", 401, "이미 만료된 토큰입니다.")
AUTH_FAILED = ErrorCode("AuthCode_401_4", 401, "인증에 실패했습니다. 다시 인증해주세요.")
AUTH_EMAIL_UNKNOWN = ErrorCode("AuthCode_401_5", 400, "회원가입되지 않은 이메일입니다.")

# Projects (contract §6.5).
PROJECT_NOT_FOUND = ErrorCode("Project_400_1", 400, "존재하지 않는 프로젝트입니다.")
PROJECT_USER_NOT_FOUND = ErrorCode("Project_400_2", 400, "존재하지 않는 유저입니다.")
PROJECT_MEMBERS_MISSING = ErrorCode("Project_400_3", 400, "프로젝트 참여 멤버를 입력하세요")
PROJECT_NAME_MISSING = ErrorCode("Project_400_4", 400, "프로젝트 명을 입력하세요.")
PROJECT_DATES_MISSING = ErrorCode("Project_400_5", 400, "시작일과 마감일을 입력하세요.")
PROJECT_CATEGORY_UNKNOWN = ErrorCode("Project_400_6", 400, "존재하지 않는 카테고리입니다.")
PROJECT_FORBIDDEN = ErrorCode("Project_400_7", 400, "접근 권한이 없는 프로젝트입니다.")

# Peer reviews (contract §6.4).
REVIEW_ALREADY_DONE = ErrorCode("PeerReviewCode_400_1", 400, "이미 평가를 완료했습니다")
REVIEW_NOBODY_TO_REVIEW = ErrorCode("PeerReviewCode_400_2", 400, "평가할 프로젝트 멤버가 없습니다.")
REVIEW_REFRESH_FORBIDDEN = ErrorCode("PeerReviewCode_400_3", 400, "평가 갱신을 할 권한이 없습니다.")
REVIEW_LINK_NOT_FOUND = ErrorCode("PeerReviewCode_404_1", 404, "평가 링크 코드를 찾을 수 없습니다.")
REVIEW_NO_DATA = ErrorCode("PeerReviewCode_404_2", 404, "평가 데이터가 존재하지 않습니다.")
