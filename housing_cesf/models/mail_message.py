from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        """The messages of a confidential thread (a social follow-up) are found only by those who may write it."""
        if not getattr(self.env[doc_model], "_housing_confidential_thread", False):
            return super()._find_allowed_model_wise(doc_model, doc_dict)
        documents = self.env[doc_model].with_context(active_test=False).search([("id", "in", list(doc_dict))])
        return {message_id for doc_id in documents._filtered_access("write")._ids for message_id in doc_dict[doc_id]}
