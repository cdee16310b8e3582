import unittest

from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name


def skip_unless_installed(model):
    """Skip a test class of a part of the generator when the addon of `model` is not installed (make bench installs
    the generator with housing_arrears only)."""

    def decorate(cls):
        setup = cls.setUpClass.__func__

        def setUpClass(klass):
            if model not in Registry(get_db_name()):
                raise unittest.SkipTest(f"{model} is not installed")
            setup(klass)

        cls.setUpClass = classmethod(setUpClass)
        return cls

    return decorate
