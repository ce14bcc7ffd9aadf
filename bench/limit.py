"""The limit of a read (issue 16): what the request would cost if it were nothing but its SQL.

The real request's statements are captured with their parameters, replayed on a raw cursor
(every row fetched), and the response body is built by hand from the raw rows and
`json.dumps`-ed. The hand-built body must equal the real one (parsed JSON; byte identity is
reported too), or the limit is not a measurement of the same work.

This is a measuring instrument, not app code: the builders below know each endpoint's SQL by
position (the table each statement reads FROM, checked by `expect`) and column name (looked up
by `Rows.col`), and fail with `ShapeChanged`, naming the statement, when a read's SQL changes
shape. A read whose builder is missing or no longer matches falls back to SQL replay + `json.dumps` of the real body; the
table says so (its "body" column and a budget line) rather than the bench failing.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from projects.dates import calendar_date, epoch_millis
from reviews.scoring import truncate_one_decimal

TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.I)

Statement = tuple[str, tuple | list | dict | None]


SQL_TOKEN = re.compile(r'[()]|\bFROM\s+"?(\w+)"?', re.I)


def main_table(sql: str) -> str:
    """The table a statement reads FROM at the top level (not in a subquery), lower-cased."""
    depth = 0
    for token in SQL_TOKEN.finditer(sql):
        if token.group() == "(":
            depth += 1
        elif token.group() == ")":
            depth -= 1
        elif depth == 0:
            return token.group(1).lower()
    return ""


class ShapeChanged(Exception):
    """The read's SQL no longer has the shape its builder was written for."""


@dataclass
class Rows:
    """One replayed statement: its column names (as the cursor describes them) and rows."""

    names: list[str]
    rows: list[tuple]
    table: str = ""  # the table it reads FROM, to name it in errors
    position: int = 0  # 1-based, among the read's statements

    def col(self, name: str, nth: int = 0) -> int:
        """Index of the `nth` column called `name` (joins repeat names such as "id"); case is
        ignored, as Oracle's cursor upper-cases the names Django quotes."""
        wanted = name.lower()
        matches = [i for i, candidate in enumerate(self.names) if candidate.lower() == wanted]
        if nth < len(matches):
            return matches[nth]
        raise ShapeChanged(
            f"statement {self.position} (FROM {self.table or '?'}) has no column {name!r}"
            f"{f' #{nth}' if nth else ''}; its columns: {self.names}"
        )


def expect(replayed: list[Rows], *tables: str) -> list[Rows]:
    """The replayed statements, checked to be as many as `tables` and to read FROM them in
    that order, so that a builder fails with the SQL's new shape rather than misreading it."""
    ran = [rows.table for rows in replayed]
    if ran != list(tables):
        raise ShapeChanged(
            f"the read ran statements FROM {ran}; its builder expects {list(tables)}"
        )
    return replayed


def capture(handler, event) -> tuple[list[Statement], dict]:
    """The statements one real request runs (transaction control left out) and its answer."""
    statements: list[Statement] = []

    def record(execute, sql, params, many, context):
        if not TRANSACTION_CONTROL.match(sql):
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = handler(event, None)
    return statements, result


def replay(statements: list[Statement], tables: list[str]) -> list[Rows]:
    """The same statements with the same parameters on a raw cursor, every row fetched.
    `tables`: each statement's `main_table`, found once, outside the timed replays."""
    replayed = []
    with connection.cursor() as cursor:
        for position, ((sql, params), table) in enumerate(zip(statements, tables, strict=True), 1):
            cursor.execute(sql, params)
            names = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if names else []
            replayed.append(Rows(names, rows, table, position))
    return replayed


def dumps(body) -> str:
    # As DRF's JSONRenderer writes it: compact, UTF-8 text rather than \u escapes.
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def envelope(data) -> dict:
    return {"success": True, "status": 200, "data": data}


# --- Raw values → wire values (the raw cursor skips the ORM's converters) --------------------


def uuid_text(value) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def aware(value) -> datetime | None:
    """SQLite hands back naive UTC datetimes (or text); PostgreSQL aware ones."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- Hand-built bodies, one per read -----------------------------------------------------------


def _strings(result: Rows, column: str = "value") -> list[str]:
    index = result.col(column)
    return [row[index] for row in result.rows]


def _email_exists(replayed: list[Rows]) -> dict:
    (exists,) = expect(replayed, "prism_user")
    return envelope(bool(exists.rows))


# The tables the shared parts of several reads read FROM, in order (see `expect`).
_PROFILE = ("prism_user", "prism_user_skill", "prism_user_interest_job")
_SUMMARIES = ("prism_project", "prism_project_categories")
_DETAIL = (
    "prism_project",
    "prism_category",
    "prism_project_skill",
    "prism_membership",
    "prism_membership_role",
)


def _profile(user: Rows, skills: Rows, jobs: Rows) -> dict:
    (row,) = user.rows
    if row[user.col("profile_image")]:
        raise NotImplementedError("a stored profile image (its URL needs the storage)")
    return {
        "username": row[user.col("name")],
        "email": row[user.col("email")],
        "interestJobs": _strings(jobs),
        "skills": _strings(skills),
        "profileImageUrl": None,
    }


def _me(replayed: list[Rows]) -> dict:
    auth, skills, jobs = expect(replayed, *_PROFILE)
    body = _profile(auth, skills, jobs)
    body["userId"] = uuid_text(auth.rows[0][auth.col("id")])
    return envelope(body)


def _public_profile(replayed: list[Rows]) -> dict:
    user, skills, jobs = expect(replayed, *_PROFILE)
    body = _profile(user, skills, jobs)
    body["introduction"] = user.rows[0][user.col("introduction")]
    return envelope(body)


def _categories_by_project(categories: Rows) -> dict[int, list[str]]:
    """Each project's category names, from the list reads' one query over the project-category
    links (`project_id`, `category__name`), in the order it returns them."""
    by_project: dict[int, list[str]] = {}
    project, name = categories.col("project_id"), categories.col("category__name")
    for row in categories.rows:
        by_project.setdefault(row[project], []).append(row[name])
    return by_project


def _summaries(
    projects: Rows,
    categories: Rows,
    *,
    evaluations: dict[int, str] | None = None,
    default_evaluation: str | None = None,
    visibility: dict[int, bool] | None = None,
    confirmed: dict[int, bool] | None = None,
) -> list[dict]:
    """Items of P4/P6/P8 (`ProjectSummaryOutput`), from the projects and their categories."""
    names = _categories_by_project(categories)
    pid, name, org = projects.col("id"), projects.col("name"), projects.col("organization")
    start, end = projects.col("start_date"), projects.col("end_date")
    url, count = projects.col("url_visibility"), projects.col("survey_participants")
    evaluations, visibility = evaluations or {}, visibility or {}
    items = []
    for row in projects.rows:
        item = {
            "projectId": row[pid],
            "projectName": row[name],
            "organizationName": row[org],
            "startDate": calendar_date(aware(row[start])),
            "endDate": calendar_date(aware(row[end])),
            "categories": names.get(row[pid], []),
            "urlVisibility": bool(row[url]),
            "userEvaluation": evaluations.get(row[pid], default_evaluation),
            "surveyParticipants": row[count],
            "anonyVisibility": visibility.get(row[pid], False),
        }
        if confirmed is not None:
            item["confirmed"] = confirmed.get(row[pid], False)
        items.append(item)
    return items


def _signed_in_summaries(replayed: list[Rows]) -> dict:
    """P4 and P8: the caller's token lookup, the projects, their categories."""
    _auth, projects, categories = expect(replayed, "prism_user", *_SUMMARIES)
    return envelope(_summaries(projects, categories))


# What P6 shows for a project whose result has no evaluation yet (the selector's default).
NO_EVALUATION = "총평 데이터 없음"


def _involved(replayed: list[Rows]) -> dict:
    _auth, memberships, results, projects, categories = expect(
        replayed, "prism_user", "prism_membership", "prism_result", *_SUMMARIES
    )
    mid, project = memberships.col("id"), memberships.col("project_id")
    shown, confirmed_at = memberships.col("anony_visibility"), memberships.col("confirmed_at")
    project_of = {row[mid]: row[project] for row in memberships.rows}
    of, text = results.col("membership_id"), results.col("evaluation")
    evaluation_of = {row[of]: row[text] for row in results.rows}
    return envelope(
        _summaries(
            projects,
            categories,
            evaluations={project_of[m]: e for m, e in evaluation_of.items()},
            default_evaluation=NO_EVALUATION,
            visibility={row[project]: bool(row[shown]) for row in memberships.rows},
            confirmed={row[project]: row[confirmed_at] is not None for row in memberships.rows},
        )
    )


def _who_involved(replayed: list[Rows]) -> dict:
    memberships, results, projects, categories = expect(
        replayed, "prism_membership", "prism_result", *_SUMMARIES
    )
    mid, project = memberships.col("id"), memberships.col("project_id")
    project_of = {row[mid]: row[project] for row in memberships.rows}
    of, text = results.col("membership_id"), results.col("evaluation")
    return envelope(
        _summaries(
            projects,
            categories,
            evaluations={project_of[row[of]]: row[text] for row in results.rows},
            default_evaluation=NO_EVALUATION,
        )
    )


def _prism_of_project(replayed: list[Rows]) -> dict:
    (results,) = expect(replayed, "prism_result")
    (row,) = results.rows

    def score(column: str) -> float:
        return truncate_one_decimal(row[results.col(column)])

    keywords = row[results.col("keywords")]
    return envelope(
        {
            "prismData": {
                "communication": score("communication"),
                "proactivity": score("proactivity"),
                "problemSolving": score("problem_solving"),
                "responsibility": score("responsibility"),
                "cooperation": score("cooperation"),
            },
            "radialData": {
                "leadership": score("leadership"),
                "reliability": score("reliability"),
                "teamwork": score("teamwork"),
                "keywords": json.loads(keywords) if isinstance(keywords, str) else keywords or [],
                "evaluation": row[results.col("evaluation")] or "",
            },
        }
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _prism_total(replayed: list[Rows]) -> dict:
    """M1: each project's result counted once; keywords by frequency, ties by first seen; the
    evaluation of the latest project that has one (DESIGN D12)."""
    (results,) = expect(replayed, "prism_result")
    rows = results.rows

    def mean(column: str) -> float:
        index = results.col(column)
        return truncate_one_decimal(_mean([row[index] for row in rows]))

    counts: dict[str, int] = {}
    for row in rows:
        keywords = row[results.col("keywords")]
        for keyword in json.loads(keywords) if isinstance(keywords, str) else keywords or []:
            counts[keyword] = counts.get(keyword, 0) + 1
    order = list(counts)
    keywords = sorted(counts, key=lambda k: (-counts[k], order.index(k)))[:5]
    evaluation, end, computed = (
        results.col("evaluation"),
        results.col("end_date"),
        results.col("computed_at"),
    )
    rated = [row for row in rows if row[evaluation]]
    latest = max(rated, key=lambda r: (aware(r[end]), aware(r[computed])), default=None)
    return envelope(
        {
            "prismData": {
                "communication": mean("communication"),
                "proactivity": mean("proactivity"),
                "problemSolving": mean("problem_solving"),
                "responsibility": mean("responsibility"),
                "cooperation": mean("cooperation"),
            },
            "radialData": {
                "leadership": mean("leadership"),
                "reliability": mean("reliability"),
                "teamwork": mean("teamwork"),
                "keywords": keywords,
                "evaluation": latest[evaluation] if latest else "",
            },
        }
    )


def _masked_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:2]}{'*' * max(1, len(local) - 2)}@{domain}"


def _masked_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


# Axis → the trait name P10 shows for the project's highest mean axis (display order
# breaks ties).
TRAITS = {
    "communication": "의사소통능력",
    "proactivity": "적극성",
    "problem_solving": "문제해결능력",
    "responsibility": "책임감",
    "cooperation": "협동심",
}


def _project_detail(
    project: Rows,
    categories: Rows,
    skills: Rows,
    members: Rows,
    roles: Rows,
    *,
    public: bool,
    viewer_id=None,
    jobs: Rows | None = None,
    results: Rows | None = None,
    counts: Rows | None = None,
) -> dict:
    """P9 (a member's view) and P10 (the public one) of a project (DESIGN D16, W-06)."""
    (row,) = project.rows
    owner_id = row[project.col("owner_id")]
    roles_of: dict[int, list[str]] = {}
    for role in roles.rows:
        roles_of.setdefault(role[roles.col("membership_id")], []).append(role[roles.col("name")])
    jobs_of: dict = {}
    for job in jobs.rows if jobs else []:
        jobs_of.setdefault(job[jobs.col("user_id")], []).append(job[jobs.col("value")])
    count_of = dict(counts.rows) if counts else {}
    trait, keywords_of = None, {}
    if results and results.rows:
        means = {axis: _mean([r[results.col(axis)] for r in results.rows]) for axis in TRAITS}
        trait = TRAITS[max(TRAITS, key=means.__getitem__)]
        keyword_at = results.col("keywords")
        keywords_of = {
            r[results.col("membership_id")]: json.loads(r[keyword_at])
            if isinstance(r[keyword_at], str)
            else list(r[keyword_at] or [])
            for r in results.rows
        }
    mid, user_at, visible_at = (
        members.col("id"),
        members.col("user_id"),
        members.col("anony_visibility"),
    )
    confirmed_at, email_at, name_at = (
        members.col("confirmed_at"),
        members.col("email"),
        members.col("name"),
    )
    account_name, introduction = members.col("name", 1), members.col("introduction")
    shown = []
    for member in members.rows:
        user_id, visible = member[user_at], bool(member[visible_at])
        confirmed = member[confirmed_at] is not None
        if user_id is None:
            account = False
        elif viewer_id is not None and viewer_id in (user_id, owner_id) and not public:
            account = True
        else:
            account = confirmed and (visible or not public)
        results_shown = user_id is None or confirmed or account
        profile = public and account and visible
        hidden = public and not visible
        name = member[account_name] if profile else member[name_at]
        shown.append(
            {
                "userId": uuid_text(user_id) if account else "-1",
                "name": _masked_name(name) if hidden else name,
                "email": _masked_email(member[email_at]) if hidden else member[email_at],
                "roles": roles_of.get(member[mid], []),
                "anonyVisibility": visible,
                "introduction": member[introduction] if profile else None,
                "interestDomains": jobs_of.get(user_id, []) if profile else None,
                "projectCount": count_of.get(user_id, 0) if profile else 0,
                "strengthKeywords": keywords_of.get(member[mid]) if results_shown else None,
            }
        )
    return envelope(
        {
            "projectName": row[project.col("name")],
            "organizationName": row[project.col("organization")],
            "startDate": calendar_date(aware(row[project.col("start_date")])),
            "endDate": calendar_date(aware(row[project.col("end_date")])),
            "projectUrlLink": row[project.col("url_link")],
            "urlVisibility": bool(row[project.col("url_visibility")]),
            "projectDescription": row[project.col("description")],
            "mostCommonTraits": trait,
            "categories": _strings(categories, "name"),
            "skills": _strings(skills, "name"),
            "members": shown,
            "anonymousCount": sum(1 for m in members.rows if m[visible_at]),
        }
    )


def _member_detail(replayed: list[Rows]) -> dict:
    auth, project, categories, skills, members, roles = expect(replayed, "prism_user", *_DETAIL)
    return _project_detail(
        project,
        categories,
        skills,
        members,
        roles,
        public=False,
        viewer_id=auth.rows[0][auth.col("id")],
    )


def _public_detail(replayed: list[Rows]) -> dict:
    project, categories, skills, members, roles, jobs, results, counts = expect(
        replayed, *_DETAIL, "prism_user_interest_job", "prism_result", "prism_membership"
    )
    return _project_detail(
        project,
        categories,
        skills,
        members,
        roles,
        public=True,
        jobs=jobs,
        results=results,
        counts=counts,
    )


def _search(replayed: list[Rows]) -> tuple[int, list[dict]]:
    count, projects, categories = expect(replayed, "prism_project", *_SUMMARIES)
    total = count.rows[0][0]
    names = _categories_by_project(categories)
    pid, name, org = projects.col("id"), projects.col("name"), projects.col("organization")
    start, end = projects.col("start_date"), projects.col("end_date")
    return total, [
        {
            "projectId": row[pid],
            "projectName": row[name],
            "organizationName": row[org],
            "categories": names.get(row[pid], []),
            "startDate": epoch_millis(aware(row[start])),
            "endDate": epoch_millis(aware(row[end])),
        }
        for row in projects.rows
    ]


def _survey_link(replayed: list[Rows]) -> dict:
    invitation, others = expect(replayed, "prism_survey_invitation", "prism_membership")
    (row,) = invitation.rows
    email, name = others.col("email"), others.col("name")
    return envelope(
        {
            "revieweeInfoList": [
                {"revieweeEmail": other[email], "revieweeName": other[name]}
                for other in others.rows
            ],
            "projectId": row[invitation.col("project_id")],
            "reviewerEmail": row[invitation.col("email")],
        }
    )


Builder = Callable[[list[Rows]], dict]


def search_builder(page_no: int, page_size: int) -> Builder:
    """S1's body: the page numbers come from the request, not from the rows."""

    def build(replayed: list[Rows]) -> dict:
        total, items = _search(replayed)
        return envelope(
            {
                "totalCount": total,
                "totalPages": -(-total // page_size),
                "currentPage": page_no,
                "contents": items,
            }
        )

    return build


BUILDERS: dict[str, Builder] = {
    "A1": _email_exists,
    "U1": _me,
    "U2": _public_profile,
    "P4": _signed_in_summaries,
    "P6": _involved,
    "P7": _who_involved,
    "P8": _signed_in_summaries,
    "P9": _member_detail,
    "P10": _public_detail,
    "R2": _survey_link,
    "M1": _prism_total,
    "M2": _prism_of_project,
    "S1": search_builder(page_no=3, page_size=8),  # the page bench/scenarios.py asks for
}


class Limit:
    """The limit of one read, prepared from one captured real request."""

    def __init__(self, statements: list[Statement], real_body: str, builder: Builder | None):
        self.statements = statements
        self.tables = [main_table(sql) for sql, _ in statements]
        self.real = json.loads(real_body)
        self.builder = builder
        self.body = "real"  # how the limit's body is made: "hand-built" or "real"
        self.identical = None
        self.note = "no hand-built body for this read"
        if builder is None:
            return
        try:
            built = dumps(builder(replay(statements, self.tables)))
        except Exception as exc:  # the read's SQL changed shape: measure the fallback
            self.note = f"hand-built body failed: {type(exc).__name__}: {exc}"[:300]
            return
        if json.loads(built) != self.real:
            self.note = "hand-built body differs from the real one"
            return
        self.body, self.note = "hand-built", ""
        self.identical = built == real_body

    def run(self) -> str:
        replayed = replay(self.statements, self.tables)
        if self.body == "hand-built":
            return dumps(self.builder(replayed))
        return dumps(self.real)
