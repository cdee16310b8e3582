from . import test_job_queue
