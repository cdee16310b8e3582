from . import housing_letter_batch
