from . import test_bank_statement, test_benefit_statement, test_demo, test_direct_debit, test_returns, test_security
