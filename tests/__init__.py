from . import test_dashboard, test_suite_story, test_tours, test_translations, test_user_interface
