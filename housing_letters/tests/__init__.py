from . import test_letters, test_reminder_scenario
