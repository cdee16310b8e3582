from . import test_clause
