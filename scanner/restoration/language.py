"""Cheap language identification for the languages that have tables."""
from __future__ import annotations

import regex

_WORD = regex.compile(r"[^\W\d_]+")
# Letters that occur in Vietnamese but not in English or Indonesian.
_VI_CHARS = set("ăâđêôơưàảãạáằẳẵặắầẩẫậấèẻẽẹéềểễệếìỉĩịíòỏõọóồổỗộốờởỡợớùủũụúừửữựứỳỷỹỵý")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with",
           "he", "as", "be", "by", "at", "have", "are", "this", "said", "from"},
    "id": {"yang", "dan", "di", "dengan", "untuk", "ini", "itu", "dari", "dalam", "tidak",
           "akan", "pada", "juga", "ke", "karena", "oleh", "ada", "bahwa", "kata", "tersebut"},
}


def detect_language(text: str) -> str | None:
    """'vi', 'en', 'id' or None (too little text, or another language).

    Vietnamese is recognised by its letters, English and Indonesian by their
    function words; only the first 20,000 characters are looked at.
    """
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 5:
        return None
    vi = sum(1 for w in words if not _VI_CHARS.isdisjoint(w))
    if vi >= 0.3 * len(words):
        return "vi"
    hits = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    best = max(hits, key=lambda k: hits[k])
    if hits[best] >= max(3, 0.08 * len(words)) and hits[best] >= 2 * min(hits.values()):
        return best
    return None
