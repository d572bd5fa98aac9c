"""Article formats: source file <-> ``Document`` (skeleton + translation units).

- ``source``: read an article losslessly and dispatch on its suffix.
- ``suffixes``: the one list of article suffixes (no parser imported).
- ``sentences``: English sentence boundaries (pysbd plus abbreviation fix-ups).
- ``txt``: plain-text articles.
- ``markdown``: Markdown articles (markdown-it-py; inline markup as numbered placeholders).
- ``html``: HTML articles (html5lib; text runs as units, phrasing elements as placeholders).
"""
