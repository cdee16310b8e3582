from . import housing_cesf_figures_xlsx, housing_cesf_pdf_reports
