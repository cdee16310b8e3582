from . import (
    test_access_log,
    test_budget,
    test_confidentiality,
    test_figures,
    test_followup,
    test_query_count,
    test_referral,
    test_retention,
    test_security,
    test_unreachable,
    test_visit,
)
