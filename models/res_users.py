from odoo import api, models
from odoo.tools.safe_eval import safe_eval

# the roles of the suite, in the order in which a user of several roles gets the home page of the first one:
# (group, method returning the action of its home page)
HOME_ROLES = [
    ("housing_arrears.group_arrears_manager", "_housing_home_manager"),
    ("housing_cesf.group_cesf", "_housing_home_cesf"),
    ("housing_insertion.group_insertion_officer", "_housing_home_insertion"),
    ("housing_arrears.group_arrears_officer", "_housing_home_officer"),
    ("account.group_account_invoice", "_housing_home_accountant"),
    ("housing_arrears.group_housing_user", "_housing_home_housing_user"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered(lambda user: not user.action_id)._housing_set_home()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "groups_id" in vals or any(key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self.filtered(lambda user: not user.action_id)._housing_set_home()
        return res

    # ------------------------------------------------------------------ home page
    def _housing_set_home(self):
        """Give the suite's home page ("Home" server action) to the internal users of one of its roles."""
        home = self.env.ref("housing_social.action_housing_home", raise_if_not_found=False)
        if not home:
            return
        groups = self.env["res.groups"]
        for xmlid, _method in HOME_ROLES:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        users = self.filtered(lambda user: not user.share and user.groups_id & groups)
        if users:
            users.sudo().write({"action_id": home.id})

    @api.model
    def _housing_home_action(self):
        """The action of the home page of the current user: the one of its main role (see HOME_ROLES), else
        Discuss, Odoo's default."""
        user = self.env.user
        for xmlid, method in HOME_ROLES:
            if self.env.ref(xmlid, raise_if_not_found=False) and user.has_group(xmlid):
                return getattr(self, method)()
        return self.env["ir.actions.actions"]._for_xml_id("mail.action_discuss")

    def _housing_window(self, xmlid, **context):
        """The window action `xmlid`, its context completed with `context` (search filters to apply)."""
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        base = safe_eval(action.get("context") or "{}", {"uid": self.env.uid})
        action["context"] = {**base, **context}
        return action

    def _housing_home_manager(self):
        """The manager's dashboard, else the analysis of the cases."""
        if self.env.ref("housing_social.action_housing_dashboard", raise_if_not_found=False):
            return self.env["ir.actions.actions"]._for_xml_id("housing_social.action_housing_dashboard")
        return self._housing_window("housing_arrears.housing_arrears_case_analysis_action")

    def _housing_home_cesf(self):
        """The CESF's own open follow-ups (the agenda of visits is in their calendar)."""
        return self._housing_window("housing_cesf.housing_cesf_followup_action", search_default_my_followups=1)

    def _housing_home_insertion(self):
        """The open insertion clauses behind schedule."""
        return self._housing_window(
            "housing_insertion.housing_insertion_clause_action", search_default_behind_schedule=1
        )

    def _housing_home_officer(self):
        """The kanban of the officer's own open cases."""
        return self._housing_window("housing_arrears.housing_arrears_case_action", search_default_my_cases=1)

    def _housing_home_accountant(self):
        """The bank lines that the automatic matching left to match by hand."""
        return self._housing_window("housing_collection.account_bank_statement_line_action_to_match")

    def _housing_home_housing_user(self):
        """The open cases of the user's agencies (read only)."""
        return self._housing_window("housing_arrears.housing_arrears_case_action")
