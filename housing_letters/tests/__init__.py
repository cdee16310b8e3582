from . import test_letters, test_query_count, test_reminder_scenario
