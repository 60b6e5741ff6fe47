"""The papers a committee signs: the recognition decision (PDF, DOCX) and the certificates.

`decision.decision_paper` says what a decision prints, part by part, in the committee's format
(Decree 30/2020 Appendix I or Guidance 36-HD/VPTW); `render` lays that out as PDF (WeasyPrint,
vendored fonts, no network) and `word` as DOCX (python-docx). Plain functions: a background job
can call them as they are.
"""
