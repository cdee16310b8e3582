from . import test_lease
from . import test_rent_call
from . import test_arrears_case
from . import test_contact
from . import test_security
from . import test_reconciliation
from . import test_query_count
