from . import (
    test_candidate,
    test_cesf,
    test_clause,
    test_hire,
    test_purchase,
    test_reports,
    test_schedule,
    test_security,
)
