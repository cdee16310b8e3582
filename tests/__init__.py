from . import test_suite_story
from . import test_translations
