from . import housing_dashboard_figure, spreadsheet_dashboard
