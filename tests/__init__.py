from . import test_suite_story, test_translations
