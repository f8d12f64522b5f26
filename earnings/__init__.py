"""The domain of earnwatch: fiscal periods, call documents, figures and the comparison engine.

Pure code: nothing here knows about HTTP, Celery or the database.

Errors::

    EarningsError
     ├── PeriodError      a string that is not a fiscal quarter ("Q7 2024", "last year")
     └── DocumentError    a document that cannot be compared (empty, no statements)
"""

from earnings.document import CallDocument, Statement
from earnings.errors import DocumentError, EarningsError, PeriodError
from earnings.period import FiscalPeriod
from earnings.report import Change, ChangeReport

__all__ = [
    "CallDocument",
    "Change",
    "ChangeReport",
    "DocumentError",
    "EarningsError",
    "FiscalPeriod",
    "PeriodError",
    "Statement",
]
