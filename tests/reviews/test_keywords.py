"""Keywords of the local summariser: content words, without particles, endings or stop-words."""

import re

import pytest

from reviews.keywords import STOPWORDS, keyword_of, keywords_of
from tests.reviews.keyword_corpus import CORPUS

PARTICLE_AT_END = re.compile(
    r"^(.+?)(의|은|는|이|가|을|를|에|에서|에게|와|과|으로|로|도|만|하게|했)$"
)


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize(("answer", "expected"), CORPUS, ids=[str(i) for i in range(len(CORPUS))])
def test_each_answer_gives_the_keywords_a_person_would_pick(answer, expected):
    assert keywords_of([answer], limit=50) == expected


def test_no_keyword_of_the_corpus_is_a_stopword_or_ends_in_a_particle():
    found = keywords_of([answer for answer, _ in CORPUS], limit=1000)
    stems = {k.lower() for k in found}
    # "회의" and "속도" end like particles but are words; "회의를" beside "회의" would not be.
    with_particle = [
        k for k in found if (m := PARTICLE_AT_END.match(k.lower())) and m.group(1) in stems
    ]
    assert len(found) > 100
    assert with_particle == []
    assert [k for k in found if k.lower() in STOPWORDS] == []


def test_the_possessive_of_team_is_no_keyword():
    # "# 팀의" was shown on the client's result page.
    assert keywords_of(["팀의 분위기를 살렸습니다", "팀의 소통을 도왔습니다"]) == ["분위기", "소통"]


@pytest.mark.parametrize(
    ("word", "keyword"),
    [
        ("팀의", ""),
        ("회의", "회의"),  # 의 is part of the word here
        ("회의를", "회의"),
        ("이해", "이해"),
        ("이해했습니다", "이해"),
        ("꼼꼼하게", "꼼꼼"),
        ("꼼꼼히", "꼼꼼"),
        ("꼼꼼함이", "꼼꼼"),
        ("적극적인", "적극적"),
        ("적극적으로", "적극적"),
        ("책임감이", "책임감"),
        ("리뷰에서도", "리뷰"),
        ("협업하기", "협업"),
        ("성실했습니다", "성실"),
        ("리더였다", "리더"),
        ("개발자입니다", "개발자"),
        ("빠릅니다", ""),
        ("지켰습니다", ""),
        ("빠르게", ""),
        ("프로젝트를", ""),
        ("정말", ""),
        ("Django의", "django"),
        ("2024", ""),
    ],
)
def test_one_word(word, keyword):
    assert keyword_of(word) == keyword


def test_spellings_of_one_keyword_count_once():
    keywords = keywords_of(["소통을 잘함", "소통이 원활", "소통하는 리더", "리더십"])
    assert keywords == ["소통", "원활", "리더", "리더십"]
    assert keywords_of(["Django 설계", "django의 ORM", "DJANGO를 잘 안다"])[0] == "Django"


def test_a_keyword_ranks_by_how_many_answers_mention_it():
    answers = [
        "꼼꼼 꼼꼼 꼼꼼하게 꼼꼼히 봐 주었습니다",
        "소통을 잘 했습니다",
        "소통이 편했습니다",
    ]
    assert keywords_of(answers)[:2] == ["소통", "꼼꼼"]


def test_a_reviewees_answers_give_five_keywords_in_order_of_agreement():
    answers = [
        "일정을 꼼꼼하게 관리해서 마감을 한 번도 놓치지 않았어요.",
        "마감 기한을 철저히 지켰습니다.",
        "코드 리뷰를 꼼꼼히 해 주셔서 버그가 많이 줄었습니다.",
        "꼼꼼함이 돋보였고 실수가 거의 없었습니다.",
        "회의록을 성실하게 정리하고 일정을 공유해 주었습니다.",
    ]
    assert keywords_of(answers) == ["꼼꼼", "일정", "마감", "관리", "기한"]
