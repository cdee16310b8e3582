from . import test_lease
