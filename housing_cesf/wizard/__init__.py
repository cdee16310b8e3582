from . import housing_cesf_followup_export
