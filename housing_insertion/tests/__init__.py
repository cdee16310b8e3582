from . import test_clause
from . import test_purchase
from . import test_candidate
from . import test_hire
