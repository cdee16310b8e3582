from odoo import _, api, models, tools
from odoo.exceptions import AccessError, UserError

CESF_GROUP = "housing_cesf.group_cesf"


class HousingCesfConfidentialMixin(models.AbstractModel):
    """A thread whose content is confidential: the social follow-up. The record itself (its header) is visible to
    the staff who may see the household; what is said and done in it (messages and notes, documents, activities,
    followers) is its content, for the users who may write it: the CESF of the household's agency or in charge, and
    the CESF managers.

    The guards hold on the class of routes, not on given fields or methods:

    - every field the record gets from the mail mixins (mail.thread, mail.activity.mixin, and what other addons
      add to them) is given the CESF group (`_setup_fields`), so that read, search (also through them, e.g.
      `message_ids.body`), read_group, export, web_search_read and fields_get refuse them to the others;
    - a search on a field the user may not read is refused whatever its operator (`_search`: the ORM leaves
      `('member_ids', '!=', False)` unchecked);
    - only those who may read the content can be followers, recipients, mentioned, notified or assigned an
      activity (`mail.followers`, `message_subscribe`, `message_post`, `message_notify`, `mail.activity`), so that
      nothing reaches anybody else, by the inbox or by e-mail;
    - reading the messages, the thread data and the followers, and posting, need the content access
      (`_get_mail_message_access`, `_get_thread_with_access`, `mail.message`, `ir.attachment`).
    """

    _name = "housing.cesf.confidential.mixin"
    _description = "Confidential Social Thread"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    # read by mail.message, mail.activity, mail.followers and ir.attachment
    _housing_confidential_thread = True
    _housing_content_group = CESF_GROUP

    def _setup_fields(self):
        res = super()._setup_fields()
        registry = self.env.registry
        mixin_fields = set(registry["mail.thread"]._fields) | set(registry["mail.activity.mixin"]._fields)
        for name in mixin_fields - set(models.MAGIC_COLUMNS) - {"display_name"}:
            field = self._fields.get(name)
            # whatever their own groups (the activity fields are for every internal user): the content group
            if field is not None:
                field.groups = self._housing_content_group
        return res

    # ------------------------------------------------------------------ who may read the content
    @api.model
    @tools.ormcache()
    def _housing_thread_models(self):
        """Names of the confidential thread models."""
        return tuple(
            sorted(
                name
                for name, model in self.env.registry.items()
                if getattr(model, "_housing_confidential_thread", False) and not model._abstract
            )
        )

    def _housing_content_records(self, user=None):
        """The records of self whose content `user` (by default the current user) may read: those he may write,
        being of the content group."""
        user = user or self.env.user
        if not user.has_group(self._housing_content_group):
            return self.browse()
        return self.with_user(user)._filtered_access("write").with_env(self.env)

    def _housing_outsider_records(self, user):
        """The records of self whose content `user` may not read."""
        return self - self._housing_content_records(user)

    def _housing_check_content_access(self):
        if self.env.su or self._housing_content_records() == self:
            return
        raise AccessError(
            _(
                "The content of a social follow-up (messages, notes, documents, activities, followers) is reserved "
                "to the CESF of the household."
            )
        )

    def _housing_outsiders(self, partner_ids):
        """The partners among `partner_ids` who may not read the content of every record of self."""
        partners = self.env["res.partner"].sudo().browse(list(partner_ids or [])).exists()
        if not partners or not self:
            return partners.browse()
        insiders = self.env["res.partner"].sudo()
        for user in partners.user_ids.filtered(lambda u: not u.share):
            if len(self._housing_content_records(user)) == len(self):
                insiders |= user.partner_id
        return partners - insiders

    def _housing_check_recipients(self, partner_ids):
        outsiders = self._housing_outsiders(partner_ids)
        if outsiders:
            raise UserError(
                _(
                    "%(names)s cannot receive what is written in a social follow-up: only the CESF who may read it "
                    "can follow it, be mentioned, notified or given an activity in it.",
                    names=", ".join(outsiders.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------ search
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            self._housing_check_domain_fields(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _housing_check_domain_fields(self, domain):
        """Refuse a domain on a field the user may not read, whatever its operator."""
        names = set()
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str):
                names.add(leaf[0].split(".", 1)[0])
        names &= set(self._fields)
        if names:
            self.check_field_access_rights("read", sorted(names))

    # ------------------------------------------------------------------ mail: followers, recipients, messages
    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # reading the messages (notes, visit summaries, tracked content) needs the right to write the record
        if operation == "read":
            return "write"
        return super()._get_mail_message_access(res_ids, operation, model_name=model_name)

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # the thread data (/mail/thread/data: activities, documents, followers, recipients) is content
        return super()._get_thread_with_access(thread_id, mode="write" if mode == "read" else mode, **kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if partner_ids:
            outsiders = self._housing_outsiders(partner_ids)
            if outsiders:
                raise AccessError(
                    _(
                        "Only the CESF who may read a social follow-up can follow it: %(names)s cannot.",
                        names=", ".join(outsiders.mapped("display_name")),
                    )
                )
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def message_get_followers(self, after=None, limit=100, filter_recipients=False):
        self._housing_check_content_access()
        return super().message_get_followers(after=after, limit=limit, filter_recipients=filter_recipients)

    def message_post(self, **kwargs):
        self._housing_check_content_access()
        self._housing_check_recipients(kwargs.get("partner_ids"))
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        if self:
            self._housing_check_content_access()
            self._housing_check_recipients(kwargs.get("partner_ids"))
        return super().message_notify(**kwargs)

    def message_change_thread(self, new_thread, new_parent_message=False):
        self._housing_check_content_access()
        if getattr(new_thread, "_housing_confidential_thread", False):
            new_thread._housing_check_content_access()
        return super().message_change_thread(new_thread, new_parent_message=new_parent_message)

    def _mail_get_partner_fields(self, introspect_fields=False):
        # the household is no recipient of what is written in its follow-up (composer, templates, mass mailing)
        return []

    def _message_get_default_recipients(self):
        recipients = super()._message_get_default_recipients()
        return {
            res_id: {
                **values,
                "partner_ids": [
                    pid for pid in values.get("partner_ids") or [] if pid not in self._housing_outsiders([pid]).ids
                ],
                "email_to": False,
                "email_cc": False,
            }
            for res_id, values in recipients.items()
        }

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        outsiders = self._housing_outsiders([r["partner_id"] for r in recipients if r.get("partner_id")])
        return [r for r in recipients if r.get("partner_id") and r["partner_id"] not in outsiders.ids]
