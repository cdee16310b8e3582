import base64
import json
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import HousingCesfCommon

# written into every piece of content of the fixture: a route that gives it back, or that finds a record with it,
# leaks the content
SECRET = "violences conjugales"
# what everybody who may see the household may read of a follow-up (the record exists, where it stands); every
# other field, inherited ones included, is content. Read from this list, not from the code under test.
HEADER = {
    "id",
    "display_name",
    "create_date",
    "create_uid",
    "write_date",
    "write_uid",
    "name",
    "active",
    "company_id",
    "currency_id",
    "partner_id",
    "lease_id",
    "unit_id",
    "agency_id",
    "sector_id",
    "followup_type",
    "type_category",
    "origin",
    "origin_case_id",
    "user_id",
    "stage_id",
    "is_closed",
    "date_open",
    "date_closed",
    "outcome",
    "handover_date",
    "anonymised_date",
    "priority",
    "color",
    # the arrears case as the arrears staff see it
    "case_debt_amount",
    "case_months_in_arrears",
    "case_stage_id",
    "case_user_id",
    # the employment referrals, insertion data of the insertion officers (housing_insertion)
    "insertion_candidate_ids",
    "insertion_candidate_count",
}
# models with a relation to a confidential model whose records are not content themselves
NOT_CONTENT = {
    "housing.arrears.case": "shows that a follow-up exists, its stage and its CESF",
    "housing.insertion.candidate": "the employment referral, insertion data read by the insertion officers",
    "housing.cesf.followup.refer": "wizard of the CESF",
    "housing.cesf.followup.export": "wizard of the CESF",
    "housing.cesf.access.log": "the access log, itself confidential",
}
REFUSED = (AccessError, UserError, ValidationError)
# a search or a grouping the ORM does not support on that field: not a route
NOT_A_ROUTE = (ValueError, TypeError, NotImplementedError, KeyError)


@tagged("post_install", "-at_install")
class TestConfidentiality(HousingCesfCommon):
    """The generic confidentiality test. For each confidential model (the follow-up, a confidential thread whose
    header is visible to the staff of the household's agency; its content models; the aid requests of a
    follow-up), each of its fields including the inherited ones (mail.thread, mail.activity.mixin) and each one-hop
    relation, and each non-CESF group of the suite (each group of the Social Housing categories and each group given
    rights on a housing model, a plain internal user and a portal user, each in the follow-up's agency), it tries
    read, search on the field (and through it), read_group, export, web_search_read, fields_get, name_search,
    subscribe and post, the mail routes of the record (messages by id and by search and as /mail/thread/messages
    fetches them, activities, attachments, tracking values, notifications, /mail/thread/data) and its visit in the
    agenda, then the CESF's side (mentions, assignments, suggested recipients). It fails on any route that returns
    content; `test_positive_control` runs the same probes as the CESF and checks that they do find the content.

    Written first, it failed on the code before issue 11 on these routes (each for every group that may read the
    follow-up's header: agency user, arrears officer and manager, insertion officer and manager, accountants):
    - read, export, web_search_read and fields_get of the 22 mixin fields of the follow-up (`activity_ids`,
      `activity_summary`, `activity_user_id`, `activity_type_id`, `activity_date_deadline`, `activity_state`,
      `message_ids`, `message_follower_ids`, `message_partner_ids`, `message_attachment_count`,
      `website_message_ids`, ...);
    - search on them (`message_ids`, `activity_ids`, `activity_user_id`, `message_partner_ids`, ...) and, whatever
      their groups, on `member_ids`, `intervention_ids`, `evaluation_ids`, `safeguard_ids` with `!=`/`= False`
      (the ORM checks the field groups of a column, not of an x2many tested for emptiness);
    - self-subscription, with the default subtypes or with "Note", then every comment and internal note the CESF
      posts notified to them (inbox and e-mail), readable by id, by mail.message search, read_group and
      /mail/thread/messages, and posting into the chatter (`message_post`, `mail.message.create`) as a follower;
    - the private event of the visit found by any internal user by the household's name, the address or the
      follow-up's reference;
    - on the CESF's side, for every user of those groups and the plain internal and portal users: subscribing
      him, mentioning him in a post, notifying him, assigning him an activity, putting him in charge.
    /mail/thread/data, the search of mail.message, mail.activity and ir.attachment and the reading of the content
    models held already (until a self-subscription made the user a recipient).

    How it was checked that it fails when one `groups=` is removed (once the routes were closed): `groups=CESF_GROUP`
    taken off `note`, `member_ids`, `handover_reason` and `latest_effort_rate` of housing.cesf.followup, and the
    mixin's group off `activity_summary`, made `test_read_fields` and `test_search_and_group` fail for the seven
    groups that read the header, naming each field: `read` of `note`, `handover_reason` and `activity_summary`;
    `search` with `('note', 'ilike', ...)`, `('handover_reason', 'ilike', ...)`, `('member_ids', '!=', False)`;
    `name_search` and `read_group` on `note` and `handover_reason`; `fields_get` listing all five (the value of
    `member_ids` and `latest_effort_rate` stays refused by the access rights of the members and by the groups of
    `evaluation_ids` its compute reads: a second lock, but the test still fails on them).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_cases()
        env = cls.env
        cls.followup = cls.Followup.with_user(cls.cesf_user).create(
            {
                "partner_id": cls.tenant_apl.id,
                "lease_id": cls.lease_apl.id,
                "followup_type": "arrears",
                "origin": "arrears_case",
                "origin_case_id": cls.case.id,
                "note": f"<p>Séparation, {SECRET}.</p>",
                "handover_reason": f"Suivi par le CIDFF ({SECRET})",
                "member_ids": [
                    Command.create({"name": "Awa Diallo", "relationship": "holder", "age_band": "25_64"}),
                    Command.create({"name": f"Enfant ({SECRET})", "relationship": "child", "age_band": "under_14"}),
                ],
            }
        )
        as_cesf = cls.followup.with_user(cls.cesf_user)
        as_cesf.write({"consent_date": "2026-01-21", "consent_scope": "followup", "consent_keep_data": True})
        cls.evaluation = (
            env["housing.budget.evaluation"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "followup_id": cls.followup.id,
                    "line_ids": cls.budget_lines(cls, wages=1200.0, energy=90.0)
                    + [Command.create({"category_id": cls.cat["phone"].id, "name": SECRET, "amount": 20.0})],
                }
            )
        )
        Intervention = env["housing.cesf.intervention"].with_user(cls.cesf_user)
        cls.call = Intervention.create(
            {
                "followup_id": cls.followup.id,
                "mode": "phone",
                "date": "2026-01-21 10:00:00",
                "state": "done",
                "report": f"<p>{SECRET}</p>",
            }
        )
        cls.visit = Intervention.create(
            {"followup_id": cls.followup.id, "mode": "home_visit", "date": datetime(2099, 3, 1, 10, 0)}
        )
        cls.event = cls.visit.event_id
        cls.aid = (
            env["housing.aid.request"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "followup_id": cls.followup.id,
                    "partner_id": cls.tenant_apl.id,
                    "lease_id": cls.lease_apl.id,
                    "case_id": cls.case.id,
                    "scheme": "fsl_maintenance",
                    "amount_requested": 270.0,
                    "note": f"Dossier FSL : {SECRET}",
                }
            )
        )
        cls.attachment = (
            env["ir.attachment"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "name": f"bilan {SECRET}.pdf",
                    "res_model": cls.Followup._name,
                    "res_id": cls.followup.id,
                    "datas": base64.b64encode(SECRET.encode()),
                }
            )
        )
        cls.comment = as_cesf.message_post(
            body=f"Visite : {SECRET}.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        cls.note = as_cesf.message_post(
            body=f"Note interne : {SECRET}.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.attachment.ids,
        )
        cls.activity = as_cesf.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"RDV addictologue du foyer ({SECRET})",
            note=f"<p>{SECRET}</p>",
            user_id=cls.cesf_user.id,
        )
        # the CESF opens the follow-up: a row of the access log
        as_cesf.web_read({"name": {}, "note": {}})
        cls.probes = cls._create_probe_users()

    @classmethod
    def _create_probe_users(cls):
        """One user per non-CESF group of the suite, in the follow-up's agency: the groups of the Social Housing
        categories, the groups given rights on a housing model (accountants, buyers, maintenance), a plain internal
        user and a portal user."""
        env = cls.env
        cesf = env.ref("housing_cesf.group_cesf")
        portal = env.ref("base.group_portal")
        groups = env["res.groups"].search(
            [("category_id", "child_of", env.ref("housing_arrears.module_category_housing").id)]
        )
        groups |= env["ir.model.access"].search([("model_id.model", "=like", "housing.%")]).group_id
        groups |= env.ref("base.group_user") | portal
        groups = groups.filtered(lambda group: cesf not in group | group.trans_implied_ids)
        probes = env["res.users"]
        cls.probe_group = {}
        export = env.ref("base.group_allow_export")
        for group in groups.sorted("id"):
            user = new_test_user(
                env,
                login=f"probe_{group.id}",
                name=f"Probe {group.full_name}",
                groups="base.group_portal" if group == portal else "base.group_user",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                email=f"probe_{group.id}@example.com",
            )
            # the export route is open to them, so that it is tried for real
            user.groups_id = [Command.link(group.id)] + ([] if group == portal else [Command.link(export.id)])
            user.housing_agency_ids = cls.agency
            cls.probe_group[user] = group
            probes |= user
        cls.cesf_user.groups_id = [Command.link(export.id)]
        return probes

    # ------------------------------------------------------------------ the confidential records
    def _confidential(self):
        """{model name: (records, public field names)}: the confidential threads with their header, the models
        marked as content of a follow-up with the records of the fixture."""
        result = {}
        for name in sorted(self.env.registry):
            Model = self.env[name].sudo().with_context(active_test=False)
            if Model._abstract or Model._transient:
                continue
            if getattr(Model, "_housing_confidential_thread", False):
                result[name] = (Model.search([("id", "in", self.followup.ids)]), HEADER)
            elif getattr(Model, "_housing_confidential", False):
                domain = getattr(Model, "_housing_confidential_domain", [])
                result[name] = (Model.search(domain), set())
        self.assertIn("housing.cesf.followup", result)
        for name, (records, _public) in result.items():
            self.assertTrue(records, f"the fixture has no {name}")
        return result

    def _content_fields(self, Model, public):
        # the id is what the caller already has
        return [name for name in Model._fields if name not in public and name != "id"]

    def _run(self, call):
        """(True, result) when the call went through, (False, exception) when it was refused. Rolled back."""
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint() as savepoint:
                result = call()
                self.env.flush_all()
                savepoint.rollback()
        except REFUSED as error:
            self.env.invalidate_all()
            return False, error
        self.env.invalidate_all()
        return True, result

    def _who(self, user):
        return f"{self.probe_group[user].full_name} ({user.login})"

    def _has_secret(self, value):
        return SECRET.lower() in json.dumps(value, default=str, ensure_ascii=False).lower()

    def _assert_no_leak(self, leaks):
        self.assertFalse(leaks, "routes that give the content away:\n" + "\n".join(leaks[:400]))

    # ------------------------------------------------------------------ the record's own routes
    def test_read_fields(self):
        """read, web_read, web_search_read and export of every field but the header; fields_get of the model."""
        leaks = []
        for name, (records, public) in self._confidential().items():
            for user in self.probes:
                Model = self.env[name].with_user(user)
                mine = records.with_user(user)
                if mine._filtered_access("read"):
                    listed = set(Model.fields_get()) - public
                    if listed:
                        leaks.append(f"{self._who(user)}: {name}.fields_get lists {sorted(listed)[:8]}")
                for fname in self._content_fields(Model, public):
                    went, _result = self._run(lambda mine=mine, fname=fname: mine.read([fname]))
                    if went:
                        leaks.append(f"{self._who(user)}: read {name}.{fname}")
                        continue
                    went, _result = self._run(lambda mine=mine, fname=fname: mine.export_data([fname]))
                    if went:
                        leaks.append(f"{self._who(user)}: export {name}.{fname}")
                    went, result = self._run(
                        lambda Model=Model, records=records, fname=fname: Model.web_search_read(
                            [("id", "in", records.ids)], {fname: {}}
                        )
                    )
                    if went and result["records"]:
                        leaks.append(f"{self._who(user)}: web_search_read {name}.{fname}")
        self._assert_no_leak(leaks)

    def test_search_and_group(self):
        """search on every field but the header and through every one-hop relation, read_group by it, and
        name_search with it: none finds a confidential record."""
        leaks = []
        for name, (records, public) in self._confidential().items():
            for user in self.probes:
                Model = self.env[name].with_user(user).with_context(active_test=False)
                for fname in self._content_fields(Model, public):
                    field = Model._fields[fname]
                    for domain in self._probe_domains(Model, fname):
                        try:
                            went, found = self._run(lambda Model=Model, domain=domain: Model.search(domain))
                        except NOT_A_ROUTE:
                            continue
                        if went and found & records.with_user(user):
                            leaks.append(f"{self._who(user)}: search {name} {domain}")
                            break
                    if field.type in ("char", "text", "html") and (field.store or field.search):
                        went, found = self._run(
                            lambda Model=Model, fname=fname: Model.name_search("", [(fname, "ilike", SECRET)])
                        )
                        if went and {record_id for record_id, _name in found} & set(records.ids):
                            leaks.append(f"{self._who(user)}: name_search {name} on {fname}")
                    if not (field.store and field.column_type) and field.type != "many2many":
                        continue
                    aggregate = (
                        f"{fname}:max"
                        if field.type in ("integer", "float", "monetary", "date", "datetime")
                        else "__count"
                    )
                    try:
                        went, groups = self._run(
                            lambda Model=Model, records=records, fname=fname, aggregate=aggregate: Model.read_group(
                                [("id", "in", records.ids)], [aggregate], [fname] if aggregate == "__count" else []
                            )
                        )
                    except NOT_A_ROUTE:
                        continue
                    if went and any(group.get("__count") or group.get(fname) for group in groups):
                        leaks.append(f"{self._who(user)}: read_group {name} by {fname}")
                went, found = self._run(lambda Model=Model: Model.name_search(SECRET))
                if went and {record_id for record_id, _name in found} & set(records.ids):
                    leaks.append(f"{self._who(user)}: name_search {name} {SECRET!r}")
        self._assert_no_leak(leaks)

    def _probe_domains(self, Model, fname):
        """Domains on the field, and through it on each stored field of its comodel (one hop)."""
        field = Model._fields[fname]
        if not field.search and not field.store:
            return
        if field.type in ("char", "text", "html"):
            yield [(fname, "ilike", SECRET)]
        yield [(fname, "!=", False)]
        yield [(fname, "=", False)]
        if not field.relational:
            return
        Comodel = self.env[field.comodel_name]
        for sub, subfield in Comodel._fields.items():
            if not subfield.store or subfield.type in ("one2many", "many2many", "binary") or sub == "id":
                continue
            if subfield.type in ("char", "text", "html"):
                yield [(f"{fname}.{sub}", "ilike", SECRET)]
            else:
                yield [(f"{fname}.{sub}", "!=", False)]

    def _search_into(self, user, name, records, public):
        """From the other models, through a relation to a confidential model (e.g. the candidates' follow-up)."""
        leaks = []
        Target = self.env[name]
        for source in sorted(self.env.registry):
            Source = self.env[source].with_user(user)
            if Source._abstract or Source._transient or source in NOT_CONTENT or not Source.has_access("read"):
                continue
            for fname, field in Source._fields.items():
                if not (field.relational and field.comodel_name == name and field.store):
                    continue
                for sub in self._content_fields(Target, public):
                    subfield = Target._fields[sub]
                    if not (subfield.store or subfield.search):
                        continue
                    operator, value = ("ilike", SECRET) if subfield.type in ("char", "text", "html") else ("!=", False)
                    domain = [(f"{fname}.{sub}", operator, value)]
                    try:
                        went, found = self._run(lambda Source=Source, domain=domain: Source.search(domain))
                    except NOT_A_ROUTE:
                        continue
                    if went and found.sudo()[fname] & records:
                        leaks.append(f"{self._who(user)}: search {source} {domain}")
                        break
        return leaks

    def test_search_from_other_models(self):
        leaks = []
        for name, (records, public) in self._confidential().items():
            for user in self.probes:
                leaks += self._search_into(user, name, records, public)
        self._assert_no_leak(leaks)

    # ------------------------------------------------------------------ the thread: followers and messages
    def _threads(self):
        return [
            (name, records)
            for name, (records, _public) in self._confidential().items()
            if "message_ids" in self.env[name]
        ]

    def test_subscribe_and_post(self):
        """A non-CESF user neither becomes a follower (default subtypes, or the "Note" subtype for the internal
        notes) nor is notified of what the CESF posts next, and cannot post."""
        leaks = []
        Followers = self.env["mail.followers"].sudo()
        subtypes = (self.env.ref("mail.mt_comment") | self.env.ref("mail.mt_note")).ids
        for name, records in self._threads():
            for user in self.probes:
                mine = records.with_user(user)
                for subtype_ids in (None, subtypes):

                    def subscribe_then_cesf_posts(
                        mine=mine, subtype_ids=subtype_ids, user=user, records=records, name=name
                    ):
                        try:
                            mine.message_subscribe(partner_ids=user.partner_id.ids, subtype_ids=subtype_ids)
                        except REFUSED:
                            self.env.invalidate_all()
                        followers = Followers.search(
                            [
                                ("res_model", "=", name),
                                ("res_id", "in", records.ids),
                                ("partner_id", "=", user.partner_id.id),
                            ]
                        )
                        notified = self.env["mail.notification"]
                        for subtype in ("mail.mt_comment", "mail.mt_note"):
                            message = records.with_user(self.cesf_user).message_post(
                                body=f"Suite : {SECRET}", message_type="comment", subtype_xmlid=subtype
                            )
                            notified |= message.sudo().notification_ids.filtered(
                                lambda n, user=user: n.res_partner_id == user.partner_id
                            )
                        posted = []
                        for post in (
                            lambda: mine.message_post(body="Vu.", message_type="comment", subtype_xmlid="mail.mt_note"),
                            lambda: (
                                self.env["mail.message"]
                                .with_user(user)
                                .create(
                                    {"model": name, "res_id": records[:1].id, "body": "Vu.", "message_type": "comment"}
                                )
                            ),
                        ):
                            try:
                                with self.env.cr.savepoint():
                                    post()
                                posted.append(True)
                            except REFUSED:
                                self.env.invalidate_all()
                        return bool(followers), bool(notified), bool(posted)

                    went, (followed, notified, posted) = self._run(subscribe_then_cesf_posts)
                    if posted:
                        leaks.append(f"{self._who(user)}: posts into {name} once a follower (subtypes {subtype_ids})")
                    if followed:
                        leaks.append(f"{self._who(user)}: subscribes to {name} (subtypes {subtype_ids})")
                    if notified:
                        leaks.append(
                            f"{self._who(user)}: is sent the CESF's messages on {name} (subtypes {subtype_ids})"
                        )
                went, _message = self._run(
                    lambda mine=mine: mine.message_post(
                        body="Vu.", message_type="comment", subtype_xmlid="mail.mt_note"
                    )
                )
                if went:
                    leaks.append(f"{self._who(user)}: posts into {name}")
                went, _message = self._run(
                    lambda user=user, records=records, name=name: (
                        self.env["mail.message"]
                        .with_user(user)
                        .create({"model": name, "res_id": records[:1].id, "body": "Vu.", "message_type": "comment"})
                    )
                )
                if went:
                    leaks.append(f"{self._who(user)}: creates a mail.message on {name}")
        self._assert_no_leak(leaks)

    def _mail_routes(self, user, name, records):
        """{route: what it gave back} for the mail records of these confidential records, as `user`, once he has
        tried to follow them and the CESF has posted a comment and a note."""
        with self.env.cr.savepoint() as savepoint:
            try:
                records.with_user(user).message_subscribe(
                    partner_ids=user.partner_id.ids,
                    subtype_ids=(self.env.ref("mail.mt_comment") | self.env.ref("mail.mt_note")).ids,
                )
            except REFUSED:
                self.env.invalidate_all()
            for subtype in ("mail.mt_comment", "mail.mt_note"):
                records[:1].with_user(self.cesf_user).message_post(
                    body=f"Suite : {SECRET}", message_type="comment", subtype_xmlid=subtype
                )
            results = self._mail_routes_now(user, name, records)
            self.env.flush_all()
            savepoint.rollback()
        self.env.invalidate_all()
        return results

    def _mail_routes_now(self, user, name, records):
        env = self.env(user=user)
        domain = [("model", "=", name), ("res_id", "in", records.ids)]
        messages = self.env["mail.message"].sudo().search(domain)
        activities = self.env["mail.activity"].sudo().search([("res_model", "=", name), ("res_id", "in", records.ids)])
        attachments = self.env["ir.attachment"].sudo().search([("res_model", "=", name), ("res_id", "in", records.ids)])
        if name == self.Followup._name:
            self.assertTrue(messages and activities and attachments, "the fixture has messages, activities, documents")
        Message, Activity, Attachment = env["mail.message"], env["mail.activity"], env["ir.attachment"]

        def thread_data():
            thread = env[name]._get_thread_with_access(records[:1].id)
            if not thread:
                return []
            return Store(
                thread, as_thread=True, request_list=["activities", "attachments", "followers", "suggestedRecipients"]
            ).get_result()

        routes = {
            "mail.message search of the record": lambda: (
                Message.search(domain).filtered(lambda m: m.author_id != user.partner_id).ids
            ),
            "mail.message search on the body": lambda: Message.search([("body", "ilike", SECRET)]).ids,
            "mail.message read_group": lambda: [
                g for g in Message.read_group(domain, ["__count"], ["res_id"]) if g.get("res_id_count")
            ],
            "mail.message name_search": lambda: Message.name_search(SECRET),
            "/mail/thread/messages": lambda: (
                Message._message_fetch(domain + [("message_type", "!=", "user_notification")])["messages"].ids
            ),
            "/mail/thread/data": thread_data,
            "mail.activity search of the record": lambda: (
                Activity.search([("res_model", "=", name), ("res_id", "in", records.ids)]).ids
            ),
            "mail.activity search on the note": lambda: Activity.search([("note", "ilike", SECRET)]).ids,
            "mail.activity search on the summary": lambda: Activity.search([("summary", "ilike", SECRET)]).ids,
            "mail.activity read_group": lambda: [
                g
                for g in Activity.read_group([("res_model", "=", name)], ["__count"], ["res_id"])
                if g.get("res_id_count")
            ],
            "ir.attachment search of the record": lambda: (
                Attachment.search([("res_model", "=", name), ("res_id", "in", records.ids)]).ids
            ),
            "ir.attachment name_search": lambda: Attachment.name_search(SECRET),
            "mail.tracking.value search": lambda: (
                env["mail.tracking.value"].search([("mail_message_id", "in", messages.ids)]).ids
            ),
            "mail.notification search": lambda: (
                env["mail.notification"]
                .search([("mail_message_id", "in", messages.ids), ("res_partner_id", "!=", user.partner_id.id)])
                .ids
            ),
        }
        for message in messages.filtered(lambda m: m.author_id != user.partner_id):
            routes[f"mail.message read {message.id}"] = lambda message=message: Message.browse(message.id).read(
                ["body"]
            )
        for activity in activities:
            routes[f"mail.activity read {activity.id}"] = lambda activity=activity: Activity.browse(activity.id).read(
                ["summary", "note"]
            )
        for attachment in attachments:
            routes[f"ir.attachment read {attachment.id}"] = lambda attachment=attachment: Attachment.browse(
                attachment.id
            ).read(["name", "datas"])
        results = {}
        for route, call in routes.items():
            went, result = self._run(call)
            if went:
                results[route] = result
        return results

    def test_mail_routes(self):
        leaks = []
        for name, records in self._threads():
            for user in self.probes:
                for route, result in self._mail_routes(user, name, records).items():
                    if result and (route != "/mail/thread/data" or self._has_secret(result)):
                        leaks.append(f"{self._who(user)}: {route} -> {str(result)[:100]}")
        self._assert_no_leak(leaks)

    def test_visit_in_the_agenda(self):
        """The visit's event is private: the others read "Busy", and cannot find it by the household or address."""
        leaks = []
        household = self.tenant_apl.name
        for user in self.probes:
            Event = self.env["calendar.event"].with_user(user)
            went, values = self._run(
                lambda Event=Event: Event.browse(self.event.id).read(["name", "location", "description"])
            )
            if went and (self._has_secret(values) or household in json.dumps(values, ensure_ascii=False)):
                leaks.append(f"{self._who(user)}: reads the visit's event {values}")
            for domain in (
                [("name", "ilike", household)],
                [("location", "ilike", "Portiques")],
                [("description", "ilike", self.followup.name)],
            ):
                went, found = self._run(lambda Event=Event, domain=domain: Event.search(domain))
                if went and self.event in found:
                    leaks.append(f"{self._who(user)}: finds the visit's event with {domain}")
        self._assert_no_leak(leaks)

    # ------------------------------------------------------------------ the CESF's side
    def test_cesf_cannot_let_the_content_out(self):
        """The CESF cannot make a non-CESF user a follower or a recipient: by subscribing him, mentioning him,
        assigning him an activity or the follow-up, and the chatter proposes no outside recipient."""
        leaks = []
        as_cesf = self.followup.with_user(self.cesf_user)
        Followers = self.env["mail.followers"].sudo()

        def followed(user):
            return Followers.search_count(
                [
                    ("res_model", "=", as_cesf._name),
                    ("res_id", "=", as_cesf.id),
                    ("partner_id", "=", user.partner_id.id),
                ]
            )

        for user in self.probes:
            went, _result = self._run(
                lambda user=user: (as_cesf.message_subscribe(partner_ids=user.partner_id.ids), followed(user))[1]
            )
            if went and _result:
                leaks.append(f"{self._who(user)}: subscribed by the CESF")
            went, _result = self._run(
                lambda user=user: as_cesf.message_post(
                    body=SECRET, message_type="comment", partner_ids=user.partner_id.ids
                )
            )
            if went:
                leaks.append(f"{self._who(user)}: mentioned by the CESF")
            went, _result = self._run(
                lambda user=user: as_cesf.message_notify(body=SECRET, partner_ids=user.partner_id.ids)
            )
            if went:
                leaks.append(f"{self._who(user)}: notified by the CESF")
            went, _result = self._run(
                lambda user=user: as_cesf.activity_schedule(
                    "mail.mail_activity_data_todo", summary=SECRET, user_id=user.id
                )
            )
            if went:
                leaks.append(f"{self._who(user)}: assigned an activity")
            if not user.share:
                went, _result = self._run(lambda user=user: (as_cesf.write({"user_id": user.id}), followed(user))[1])
                if went:
                    leaks.append(f"{self._who(user)}: put in charge of the follow-up")
        suggested = [s.get("partner_id") for s in as_cesf._message_get_suggested_recipients()]
        outside = self.env["res.partner"].browse([pid for pid in suggested if pid]) - self.cesf_user.partner_id
        if outside:
            leaks.append(f"the chatter suggests {outside.mapped('name')} as recipients")
        # the composer, the templates and the mass mailing take the default recipients: not the household
        defaults = as_cesf._message_get_default_recipients()[as_cesf.id]
        if defaults.get("partner_ids") or defaults.get("email_to") or defaults.get("email_cc"):
            leaks.append(f"the composer sends to {defaults} by default")
        self._assert_no_leak(leaks)

    # ------------------------------------------------------------------ the probes find what there is to find
    def test_positive_control(self):
        """The same probes, as the CESF in charge, find the content: the test can fail."""
        user = self.cesf_user
        followup = self.followup.with_user(user)
        self.assertIn(SECRET, followup.note)
        self.assertIn(SECRET, followup.activity_summary)
        self.assertEqual(self.Followup.with_user(user).search([("message_ids.body", "ilike", SECRET)]), followup)
        self.assertEqual(self.Followup.with_user(user).search([("activity_ids.note", "ilike", SECRET)]), followup)
        self.assertEqual(self.Followup.with_user(user).search([("member_ids.name", "ilike", SECRET)]), followup)
        self.assertTrue(followup.export_data(["note"])["datas"][0][0])
        # the messages are the CESF's own: the probes run as her colleague
        colleague = self._create_user("cesf3", "Colette CESF", "housing_cesf.group_cesf", self.agency)
        routes = self._mail_routes(colleague, self.Followup._name, self.followup)
        for route in (
            "mail.message search of the record",
            "mail.message search on the body",
            "/mail/thread/messages",
            "mail.activity search on the note",
            "ir.attachment search of the record",
            f"ir.attachment read {self.attachment.id}",
        ):
            self.assertTrue(routes.get(route), route)
        self.assertTrue(self._has_secret(routes["/mail/thread/data"]))
        self.assertIn(self.tenant_apl.name, self.event.with_user(user).read(["name"])[0]["name"])
        # and a colleague subscribing herself is fine
        self.followup.with_user(colleague).message_subscribe(partner_ids=colleague.partner_id.ids)
        self.assertIn(colleague.partner_id, self.followup.message_partner_ids)
