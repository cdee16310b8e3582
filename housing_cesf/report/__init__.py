from . import housing_cesf_figures_xlsx
