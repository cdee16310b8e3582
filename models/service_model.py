"""The message of a mandatory value missing in the database (PostgreSQL's NOT NULL), in the user's language.

Odoo's message (odoo.service.model._as_validation_error) names the model and the field with their labels in the
Python source, in English, even for a French user: "Modèle : Rent Call ... Champ : Period". Here they are replaced
by the labels of ir.model and ir.model.fields, which are translated."""

from psycopg2 import errors

from odoo.service import model as service_model

_as_validation_error = service_model._as_validation_error


def _as_translated_validation_error(env, exc):
    error = _as_validation_error(env, exc)
    if not isinstance(exc, errors.NotNullViolation) or not exc.diag.table_name:
        return error
    model = next((cls for cls in env.registry.values() if cls._table == exc.diag.table_name), None)
    field = model and model._fields.get(exc.diag.column_name)
    if not field:
        return error
    message = error.args[0]
    model_label = env["ir.model"].sudo()._get(model._name).name
    field_label = env["ir.model.fields"].sudo()._get(model._name, field.name).field_description
    if model_label:
        message = message.replace(f"{model._description} ({model._name})", f"{model_label} ({model._name})")
    if field_label:
        message = message.replace(f"{field.string} ({field.name})", f"{field_label} ({field.name})")
    return type(error)(message)


service_model._as_validation_error = _as_translated_validation_error
