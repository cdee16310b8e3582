from . import test_translations
