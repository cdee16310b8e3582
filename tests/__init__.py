from . import test_dashboard, test_suite_story, test_translations
