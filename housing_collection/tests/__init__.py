from . import test_bank_statement, test_benefit_statement, test_direct_debit, test_returns, test_security
