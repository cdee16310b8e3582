from . import test_suite_story, test_tours, test_translations, test_user_interface
