from . import res_users, service_model
