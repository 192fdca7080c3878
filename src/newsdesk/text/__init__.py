"""Text primitives shared by the stages: one copy of each.

Tokens (``tokens``), sentences (``sentences``), numbers (``numbers``), names
(``names``), titles and headline case (``titles``), charset decoding (``charset``) and
language names and other languages' figures (``languages``), a URL's host (``urls``).
Nothing here imports another part of newsdesk.
"""

from newsdesk.text.charset import decode, document_charset, header_charset
from newsdesk.text.languages import LANGUAGE_NAMES, english_figures, language_name
from newsdesk.text.names import COMMON_WORDS, TITLE_WORDS, names, plain_punctuation
from newsdesk.text.numbers import number_label, numbers
from newsdesk.text.sentences import ABBREVIATIONS, split_sentences
from newsdesk.text.titles import clean_title, headline_case, strip_outlet_name, title_eq
from newsdesk.text.tokens import (
    TERM_STOP_WORDS,
    content_stems,
    cosine,
    fold,
    marked_terms,
    stem,
    stems,
    terms,
    words,
)
from newsdesk.text.urls import host_of

__all__ = [
    "ABBREVIATIONS",
    "COMMON_WORDS",
    "LANGUAGE_NAMES",
    "TERM_STOP_WORDS",
    "TITLE_WORDS",
    "clean_title",
    "content_stems",
    "cosine",
    "decode",
    "document_charset",
    "english_figures",
    "fold",
    "header_charset",
    "headline_case",
    "host_of",
    "language_name",
    "marked_terms",
    "names",
    "number_label",
    "numbers",
    "plain_punctuation",
    "split_sentences",
    "stem",
    "stems",
    "strip_outlet_name",
    "terms",
    "title_eq",
    "words",
]
