"""Keywords a person would write, from teammates' Korean (or English) answers.

Rule-based, with no dictionary or model, so it runs anywhere the worker runs: each word
loses one particle or predicate ending ("팀의" → "팀", "꼼꼼하게" → "꼼꼼", "책임감이" →
"책임감"), stop-words go (words every review uses: 팀, 프로젝트, 정말, …), and the spellings
of one keyword (case, particles, endings) are counted as one. A keyword is ranked by how
many answers mention it, so one long answer repeating a word does not outweigh three people.
"""

from __future__ import annotations

import re
from collections import Counter

MAX_KEYWORDS = 5

_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_HANGUL = re.compile(r"[가-힣]")

# Endings of 하다/되다 predicates and of the copula, after a noun stem ("성실했습니다").
_PREDICATE_ENDINGS = [
    "하였습니다",
    "했었습니다",
    "해주었습니다",
    "해주셨습니다",
    "해주었고",
    "해주었다",
    "해주어서",
    "해주셔서",
    "해줬습니다",
    "해줬고",
    "해줬다",
    "해줘서",
    "해주는",
    "해주고",
    "해주며",
    "해준",
    "했습니다",
    "했었다",
    "했으며",
    "했는데",
    "했지만",
    "했어요",
    "했고",
    "했다",
    "했던",
    "하였고",
    "하였다",
    "하면서",
    "합니다",
    "하지만",
    "해요",
    "해서",
    "었습니다",
    "았습니다",
    "습니다",
    "었는데",
    "었으며",
    "었고",
    "았고",
    "었다",
    "았다",
    "어요",
    "아요",
    "어서",
    "아서",
    "는데",
    "지만",
    "면서",
    "하여",
    "하고",
    "하며",
    "하는",
    "하게",
    "하기",
    "하기에",
    "하다",
    "한다",
    "하지",
    "할",
    "한",
    "함",
    "히",
    "해",
    "되었습니다",
    "되었고",
    "되었다",
    "되어",
    "됐습니다",
    "됐다",
    "되는",
    "된",
    "이었습니다",
    "였습니다",
    "이었고",
    "이었다",
    "였다",
    "입니다",
    "이에요",
    "예요",
    "이다",
    "이라서",
    "이라고",
    "이라는",
    "이라",
    "이고",
    "이며",
    "이지만",
    "라고",
    "라는",
]
# Particles after a noun ("팀의", "일정을", "코드 리뷰에서도").
_PARTICLES = [
    "에서는",
    "에서도",
    "에게서",
    "으로서",
    "으로써",
    "으로는",
    "으로도",
    "에서",
    "에게",
    "한테",
    "께서",
    "까지",
    "부터",
    "처럼",
    "보다",
    "마다",
    "으로",
    "에는",
    "에도",
    "와의",
    "과의",
    "와는",
    "과는",
    "이나",
    "이랑",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "와",
    "과",
    "도",
    "로",
    "만",
    "께",
    "나",
    "랑",
    "요",
]
# ending → what replaces it; "적인" keeps its 적 ("적극적인" → "적극적", like "적극적으로").
_ENDINGS: dict[str, str] = {
    **dict.fromkeys(_PREDICATE_ENDINGS + _PARTICLES, ""),
    # A noun made with 함 and a particle: "꼼꼼함이" → "꼼꼼", like "꼼꼼하게".
    **{f"함{particle}": "" for particle in _PARTICLES},
    "적인": "적",
}
_PREDICATE_SET = frozenset(_PREDICATE_ENDINGS)
# Longest first, so that "으로" is stripped before "로" and "했습니다" before "습니다".
_ENDINGS_LONGEST_FIRST = sorted(_ENDINGS, key=len, reverse=True)

# One-syllable nouns a particle may follow: "팀의" is 팀 (a stop-word), whereas "회의" is
# a word of its own, not 회 + 의.
_ONE_SYLLABLE_NOUNS = frozenset("팀일것수등때점분말글앱웹안중번곳데뒤앞속끝힘돈")

STOPWORDS = frozenset(
    {
        # the setting of every review
        "팀",
        "팀원",
        "팀원들",
        "팀장",
        "프로젝트",
        "우리",
        "우리팀",
        "저희",
        "저희팀",
        "자신",
        "본인",
        "서로",
        "사람",
        "동료",
        "이번",
        "처음",
        "전체",
        "모든",
        "모두",
        "다른",
        "어떤",
        # intensifiers and connectives
        "정말",
        "매우",
        "항상",
        "너무",
        "아주",
        "굉장히",
        "진짜",
        "가장",
        "많이",
        "특히",
        "언제나",
        "계속",
        "먼저",
        "스스로",
        "직접",
        "함께",
        "같이",
        "또한",
        "그리고",
        "하지만",
        "그래서",
        "그러나",
        "덕분",
        "덕분에",
        "때문",
        "통해",
        "위해",
        "대한",
        "대해",
        "끝까지",
        # words that carry no strength of their own
        "것",
        "수",
        "등",
        "부분",
        "모습",
        "경우",
        "생각",
        "역할",
        "능력",
        "다양",
        "있는",
        "있었",
        "있었습니다",
        "있습니다",
        "없이",
        "좋은",
        "좋았",
        "좋았습니다",
        "뛰어난",
        "뛰어납니다",
        "뛰어나",
        "훌륭",
        "보여",
        "보여주었습니다",
        "보여줬습니다",
        "주었습니다",
        "줬습니다",
        "많은",
        "거의",
        "사이",
        # common verbs and adjectives the ending rules leave whole
        "만들",
        "만들고",
        "만들어",
        "이끌",
        "이끌고",
        "맡은",
        "맡아",
        "맡아서",
        "어려운",
        "새로운",
        "생기면",
        "나서서",
        "주셔서",
        "주어서",
        "주고",
        "주는",
        "놓치지",
        "잘함",
        "잘한",
        "잘해",
        "높고",
        "정해",
        "답해",
        "the",
        "and",
        "for",
        "with",
        "very",
        "always",
        "team",
        "project",
    }
)


def keyword_of(token: str) -> str:
    """The keyword a word stands for, in lower case and without its Korean ending.

    Empty when the word is no keyword (a stop-word, a number, a single syllable or letter).
    """
    word = _written_keyword(token).lower()
    if len(word) < 2 or word.isdigit() or word in STOPWORDS:
        return ""
    return word


def _written_keyword(token: str) -> str:
    return _strip_ending(token) if _HANGUL.search(token) else token


def _strip_ending(token: str) -> str:
    if token in STOPWORDS:
        return token
    word = _without_ending(token)
    return "" if _is_predicate(word) else word


def _without_ending(token: str) -> str:
    for ending in _ENDINGS_LONGEST_FIRST:
        if token.endswith(ending):
            stem = token[: -len(ending)] + _ENDINGS[ending]
            if len(ending) >= 2 and ending in _PREDICATE_SET:
                return stem  # a predicate: what is left is the word, however short
            if len(stem) >= 2 or stem in _ONE_SYLLABLE_NOUNS:
                return stem
    return token


_BIEUP, _SSANG_SIOS = 17, 20  # ㅂ and ㅆ as a syllable's final consonant
_NOUNS_ENDING_IN_GE = frozenset({"무게", "가게"})


def _is_predicate(token: str) -> bool:
    """A verb or adjective form the endings above do not cover, hence no keyword."""
    if any(_final_consonant(syllable) == _SSANG_SIOS for syllable in token):
        return True  # a past tense: "지켰", "돋보였고", "밀렸을"
    if token.endswith("니다") and len(token) > 2 and _final_consonant(token[-3]) == _BIEUP:
        return True  # "빠릅니다", "뛰어납니다"
    # An adverb made from an adjective: "빠르게", "밝게".
    return token.endswith("게") and token not in _NOUNS_ENDING_IN_GE


def _final_consonant(syllable: str) -> int:
    return (ord(syllable) - 0xAC00) % 28 if "가" <= syllable <= "힣" else 0


def keyword_counts(texts: list[str]) -> tuple[Counter[str], dict[str, str]]:
    """How many texts mention each keyword, and the spelling each is shown in.

    A keyword is shown as first written (its case kept: "React", not "react").
    """
    mentions: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        seen_here: set[str] = set()
        for token in _WORD.findall(text):
            keyword = keyword_of(token)
            if not keyword:
                continue
            shown.setdefault(keyword, _written_keyword(token))
            seen_here.add(keyword)
        mentions.update(seen_here)
    return mentions, shown


def keywords_of(texts: list[str], limit: int = MAX_KEYWORDS) -> list[str]:
    """The `limit` keywords mentioned by most texts; ties keep the order of first mention."""
    mentions, shown = keyword_counts(texts)
    order = {keyword: index for index, keyword in enumerate(shown)}
    ranked = sorted(mentions, key=lambda keyword: (-mentions[keyword], order[keyword]))
    return [shown[keyword] for keyword in ranked[:limit]]
