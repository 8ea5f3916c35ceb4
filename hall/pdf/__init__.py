"""The hall's A4 documents share one kit: fonts, styles, tables, and text that is never markup.

reportlab's ``Paragraph`` reads its text as XML-like markup: an applicant named
``<img src="/etc/passwd"/>`` would embed a server file in a public receipt, ``<a href>`` a
link to an outside site, and ``A&B <C`` fails the document. Every document takes its text
through ``text()`` here, which escapes it, so that a name, a reason or a note is printed as
it was typed.
"""
from hall.pdf.kit import build, styles, table, text

__all__ = ["build", "styles", "table", "text"]
