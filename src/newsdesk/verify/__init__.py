"""The verifier: each published sentence must be supported by one or two cited sentences.

Entry points:

* ``verify(draft, articles)``: a writer's draft checked sentence by sentence (both
  writers, through the write stage); unsupported sentences are dropped and listed in the
  report (``VerifyReport.refused``) with machine-readable reasons (``REASONS``).
* ``check(text, articles)``: one sentence against the articles it cites: a ``Verdict``
  with its problems (``Problem(reason, detail)``) and the source sentences that support it.
* ``evidence_of(article)``: what a cited article offers as support (``Evidence``): its
  sentences, and its outlet, authors and publication date. A composed sentence may use
  that metadata: an attribution ("The Associated Press put the toll at 26", "In National
  Review, David Harsanyi argues that ..."), a dateline ("WASHINGTON (Reuters) - ..."), an
  absolute date for the source's "on Wednesday". Everything else in it must still be in
  one or two of the article's sentences.

How it reads a sentence and what each check compares: ``parse``, ``check`` and
``support``; the perturbation suite that measures it: ``newsdesk.evaluate.perturb`` and
``bench/bench_perturb.py``; decisions: docs/decisions/verify.md.
"""

from newsdesk.verify.check import REASONS, Problem
from newsdesk.verify.draft import verify
from newsdesk.verify.evidence import Evidence, evidence_of, metadata_support, outlet_name
from newsdesk.verify.facts import missing_facts
from newsdesk.verify.support import (
    NearSupport,
    Verdict,
    check,
    check_sentence,
    near_support,
    supports,
)

__all__ = [
    "REASONS",
    "Evidence",
    "NearSupport",
    "Problem",
    "Verdict",
    "check",
    "check_sentence",
    "evidence_of",
    "metadata_support",
    "missing_facts",
    "near_support",
    "outlet_name",
    "supports",
    "verify",
]
