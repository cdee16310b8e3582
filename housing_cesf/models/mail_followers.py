import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _insert_followers(
        self,
        res_model,
        res_ids,
        partner_ids,
        subtypes=None,
        customer_ids=None,
        check_existing=True,
        existing_policy="skip",
    ):
        """Every subscription ends here (message_subscribe, the responsible subscribed on assignment, the
        recipients of a post): a confidential thread is followed only by those who may read its content."""
        if partner_ids and res_ids and getattr(self.env[res_model], "_housing_confidential_thread", False):
            outsiders = self.env[res_model].browse(res_ids)._housing_outsiders(partner_ids)
            if outsiders:
                _logger.info(
                    "%s %s: not subscribed, they may not read the content: %s", res_model, res_ids, outsiders.ids
                )
                partner_ids = [pid for pid in partner_ids if pid not in outsiders.ids]
                if subtypes:
                    subtypes = {pid: value for pid, value in subtypes.items() if pid not in outsiders.ids}
                if not partner_ids:
                    return
        return super()._insert_followers(
            res_model,
            res_ids,
            partner_ids,
            subtypes=subtypes,
            customer_ids=customer_ids,
            check_existing=check_existing,
            existing_policy=existing_policy,
        )
