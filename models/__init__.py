from . import housing_dashboard_figure, res_users, service_model, spreadsheet_dashboard
