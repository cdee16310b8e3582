"""Issue 11: only those who may read the content of a social follow-up follow it, are its recipients and get its
notifications. Remove what a database updated from 18.0.1.0.0 holds for the others (self-subscriptions of
agency users, officers or accountants, mentions), and flag the agenda events of the home visits."""

from collections import defaultdict

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Followup = env["housing.cesf.followup"].with_context(active_test=False)

    def outsiders_by_record(pairs):
        """{(partner, follow-up id)} of the pairs whose partner may not read that follow-up's content."""
        by_partner = defaultdict(set)
        for partner, res_id in pairs:
            by_partner[partner].add(res_id)
        result = set()
        for partner, res_ids in by_partner.items():
            records = Followup.browse(res_ids).exists()
            readable = Followup.browse()
            for user in partner.user_ids.filtered(lambda u: not u.share):
                readable |= records._housing_content_records(user)
            result |= {(partner, res_id) for res_id in set(records.ids) - set(readable.ids)}
        return result

    followers = env["mail.followers"].search([("res_model", "=", Followup._name)])
    outsiders = outsiders_by_record((f.partner_id, f.res_id) for f in followers)
    followers.filtered(lambda f: (f.partner_id, f.res_id) in outsiders).unlink()

    notifications = env["mail.notification"].search([("mail_message_id.model", "=", Followup._name)])
    outsiders = outsiders_by_record((n.res_partner_id, n.mail_message_id.res_id) for n in notifications)
    notifications.filtered(lambda n: (n.res_partner_id, n.mail_message_id.res_id) in outsiders).unlink()

    messages = env["mail.message"].search([("model", "=", Followup._name), ("partner_ids", "!=", False)])
    outsiders = outsiders_by_record((p, m.res_id) for m in messages for p in m.partner_ids)
    for message in messages:
        removed = [p.id for p in message.partner_ids if (p, message.res_id) in outsiders]
        if removed:
            message.partner_ids = [Command.unlink(pid) for pid in removed]

    env["housing.cesf.intervention"].search([("event_id", "!=", False)]).event_id.write({"housing_cesf_visit": True})
