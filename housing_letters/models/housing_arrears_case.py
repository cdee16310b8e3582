import io
import logging
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, PdfReadError

_logger = logging.getLogger(__name__)

# the language of the letters, as the t-lang of their templates
LETTER_LANG = "fr_FR"
# the (invisible) mark that opens each letter of a batch rendered in one document
LETTER_MARK = "HOUSINGLETTER"


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    reminder_due_date = fields.Date(
        string="Reminder Episode Due Date",
        readonly=True,
        copy=False,
        help="Due date of the oldest unpaid rent when the reminder scenario started on this debt; the delays of the "
        "levels count from it. Cleared when the overdue debt falls below the reminder threshold.",
    )
    reminder_level_id = fields.Many2one(
        "housing.reminder.level", string="Last Reminder", readonly=True, copy=False, tracking=True
    )
    reminder_date = fields.Date(string="Last Reminder On", readonly=True, copy=False)
    opened_by_reminders = fields.Boolean(
        readonly=True, copy=False, help="Opened by the reminder scenario, before the arrears case threshold."
    )

    # ------------------------------------------------------------------ the nightly reminder scenario
    @api.model
    def _cron_send_reminders(self):
        """Send the next level of the reminder scenario to every lease whose overdue tenant share reaches the
        reminder threshold (from the first euro), once per case, level and debt episode; open a prevention case
        for the leases that have none. One company at a time, in chunks of leases within the time limit of the cron
        workers (see `housing.batch.cursor`); a run killed in its middle is rolled back and done again."""
        today = fields.Date.context_today(self)
        Case = self.sudo()
        Cursor = self.env["housing.batch.cursor"]
        Cursor._run_pass(
            "arrears_reminders",
            today,
            Cursor._companies(),
            lambda company, after, size: Case.with_company(company)._reminder_step(company, today, after, size),
            lambda company, after: len(Case._get_detection_lease_ids(company, after)),
        )

    def _reminder_step(self, company, today, after_id, size):
        ids = self._get_detection_lease_ids(company, after_id, size)
        if not ids:
            return 0, 0
        self._send_reminders(company, today, self.env["housing.lease"].browse(ids))
        return ids[-1], len(ids)

    def _reminder_skip_reason(self):
        """Why this case gets no reminder tonight (False: it gets one)."""
        self.ensure_one()
        if self._has_frozen_debt() and self.currency_id.compare_amounts(self.current_debt, 0) <= 0:
            return "frozen"
        if self.active_plan_id:
            return "plan"
        if self.tenant_departed:
            return "departed"
        if self.pole == "litigation":
            # the procedure is under way (payment order, summons...): the commissaire de justice acts
            return "procedure"
        return False

    def _send_reminders(self, company, today, leases):
        """The scenario on `leases`: {level: cases} sent tonight."""
        Ledger = self.env["housing.ledger"]
        levels = self.env["housing.reminder.level"].search([("company_id", "=", company.id)])
        if not levels:
            return {}
        currency = company.currency_id
        threshold = company.housing_reminder_threshold
        positions = Ledger._get_positions(leases, today)
        cases = self.search(
            [("company_id", "=", company.id), ("is_closed", "=", False), ("lease_id", "in", leases.ids)]
        )
        by_lease = {case.lease_id: case for case in cases}
        ended, due, to_open = self.browse(), {}, {}
        for lease, position in positions.items():
            case = by_lease.get(lease)
            overdue = position.due
            if currency.compare_amounts(overdue, threshold) < 0:
                if case and case.reminder_due_date:
                    ended |= case
                continue
            anchor = (case and case.reminder_due_date) or position.oldest_due_date
            level = self._next_reminder_level(levels, case)
            if not level or not anchor or today < anchor + timedelta(days=level.delay_days):
                continue
            if case:
                due[case] = (level, anchor)
            elif not lease._is_departed(today):
                to_open[lease] = (level, anchor)
        # the debt fell below the threshold: the episode ends, the next debt starts the scenario again
        ended.write({"reminder_due_date": False, "reminder_level_id": False})
        if to_open:
            new_cases = self._open_cases(self.env["housing.lease"].concat(*to_open), today)
            new_cases.write({"opened_by_reminders": True})
            for case in new_cases:
                due[case] = to_open[case.lease_id]
        if not due:
            return {}
        candidates = self.browse([case.id for case in due])
        candidates._refresh_from_accounting(today, positions)
        sent = {}
        for level in levels:
            batch = candidates.filtered(
                lambda case, level=level: due[case][0] == level and not case._reminder_skip_reason()
            )
            if batch:
                batch._send_reminder_level(level, {case: due[case][1] for case in batch}, today)
                sent[level] = batch
        return sent

    def _next_reminder_level(self, levels, case):
        """The level after the last one sent in the episode (the first one for a new episode)."""
        if not case or not case.reminder_due_date or not case.reminder_level_id:
            return levels[:1]
        last = case.reminder_level_id
        later = levels.filtered(
            lambda level: (level.sequence, level.delay_days, level.id) > (last.sequence, last.delay_days, last.id)
        )
        return later[:1]

    def _send_reminder_level(self, level, anchors, today):
        """Send `level` to these cases: the letter attached to each case, the e-mail queued, the contact attempt
        logged (once per case, level and episode), the officer's task and the CESF alert, in batch."""
        already = self.env["housing.arrears.contact"].search(
            [("case_id", "in", self.ids), ("reminder_level_id", "=", level.id)]
        )
        done = {(contact.case_id, contact.reminder_due_date) for contact in already}
        cases = self.filtered(lambda case: (case, anchors[case]) not in done)
        if not cases:
            return self.env["housing.arrears.contact"]
        for anchor in set(anchors[case] for case in cases):
            cases.filtered(lambda case, anchor=anchor: not case.reminder_due_date and anchors[case] == anchor).write(
                {"reminder_due_date": anchor}
            )
        contacts = cases._issue_letters(
            level.report_id,
            level.channel,
            mail_template=level.mail_template_id,
            label=level.name,
            extra_vals={case: {"reminder_level_id": level.id, "reminder_due_date": anchors[case]} for case in cases},
        )
        cases.write({"reminder_level_id": level.id, "reminder_date": today})
        if level.activity_type_id:
            cases._schedule_batch_activities(
                level.activity_type_id,
                {
                    case: {
                        "summary": level.activity_summary or level.name,
                        "note": self.env._(
                            "%(level)s sent on %(date)s for a debt of %(debt)s (oldest unpaid rent due on %(due)s).",
                            level=level.name,
                            date=format_date(self.env, today),
                            debt=tools.format_amount(self.env, case.debt_amount, case.currency_id),
                            due=format_date(self.env, anchors[case]),
                        ),
                        "user_id": case._get_reminder_officer(level.activity_pole).id,
                        "date_deadline": today + timedelta(days=level.activity_days),
                    }
                    for case in cases
                },
            )
        if level.alert_cesf:
            cases._alert_cesf(level, today)
        if level.step_type:
            cases._record_reminder_step(level, contacts, today)
        return contacts

    def _get_reminder_officer(self, pole):
        self.ensure_one()
        if pole in ("prevention", "prelitigation") and self.sector_id:
            officer = self.sector_id._get_pole_user(pole)
            if officer:
                return officer
        return self.user_id or self.env.user

    def _alert_cesf(self, level, today):
        """A task for the household's CESF (the prevention officer of the sector when no follow-up is open): look
        at the situation before the debt grows."""
        self._schedule_batch_activities(
            "housing_letters.mail_activity_type_cesf_alert",
            {
                case: {
                    "summary": self.env._("Arrears: look at the household's situation"),
                    "note": self.env._(
                        "%(level)s was sent to the tenant of case %(case)s for a debt of %(debt)s. A budget review, an "
                        "aid application or a plan may help before the debt grows.",
                        level=level.name,
                        case=case.name,
                        debt=tools.format_amount(self.env, case.debt_amount, case.currency_id),
                    ),
                    "user_id": (
                        (case.cesf_followup_open and case.cesf_user_id)
                        or case.sector_id.prevention_user_id
                        or case.user_id
                        or self.env.user
                    ).id,
                    "date_deadline": today + timedelta(days=level.activity_days),
                }
                for case in self
            },
        )

    def _record_reminder_step(self, level, contacts, today):
        """The formal notice is a step of the procedure: recorded with the letter, it moves the case forward."""
        by_case = {contact.case_id: contact for contact in contacts}
        # the case moves to the pre-litigation pole and its officer: no assignment e-mail each, by the hundred
        self.env["housing.legal.step"].with_context(mail_auto_subscribe_no_notify=True).create(
            [
                {
                    "case_id": case.id,
                    "step_type": level.step_type,
                    "date": today,
                    "channel": "registered_letter" if level.channel == "registered_letter" else False,
                    "attachment_ids": [fields.Command.link(by_case[case].attachment_id.id)]
                    if by_case.get(case) and by_case[case].attachment_id
                    else [],
                    "note": self.env._("Sent by the reminder scenario (%(level)s).", level=level.name),
                }
                for case in self
            ]
        )

    # ------------------------------------------------------------------ letters
    def _issue_letters(self, report, channel, mail_template=None, label=None, extra_vals=None):
        """Issue a letter to the tenants of these cases: the PDF attached to each case, the e-mail queued (mail
        queue, never sent here) when the channel is the e-mail and the tenant has an address, and a contact attempt
        each with the document. Returns the contact attempts."""
        extra_vals = extra_vals or {}
        label = label or (report and report.name) or (mail_template and mail_template.name) or ""
        attachments = self._render_letters(report) if report else {}
        now = fields.Datetime.now()
        vals_list, mails = [], {}
        if channel == "email" and mail_template:
            mails = self._queue_mails(mail_template, attachments)
        for case in self:
            case_channel = channel
            note = label
            if channel == "email" and case not in mails:
                case_channel = "letter"
                note = self.env._("%(label)s: no e-mail address, to post.", label=label)
            vals_list.append(
                {
                    "case_id": case.id,
                    "date": now,
                    "channel": case_channel,
                    "outcome": "sent",
                    "user_id": self.env.user.id,
                    "note": note,
                    "attachment_id": attachments[case].id if case in attachments else False,
                    "mail_id": mails[case].id if case in mails else False,
                    **extra_vals.get(case, {}),
                }
            )
        contacts = self.env["housing.arrears.contact"].create(vals_list)
        bodies = {
            contact.case_id.id: self.env._(
                "%(label)s (%(channel)s).",
                label=label,
                channel=dict(contact._fields["channel"]._description_selection(self.env))[contact.channel],
            )
            for contact in contacts
        }
        self._message_log_batch(bodies=bodies)
        return contacts

    def _queue_mails(self, mail_template, attachments):
        """{case: mail.mail} of `mail_template` for the cases whose tenant has an e-mail address, rendered in one
        batch and queued (the mail queue sends them), each with the letter of its case."""
        with_email = self.filtered(lambda case: case.partner_id.email)
        if not with_email:
            return {}
        mails = mail_template.send_mail_batch(with_email.ids, force_send=False)
        for case, mail in zip(with_email, mails):
            if case in attachments:
                mail.attachment_ids = [fields.Command.link(attachments[case].id)]
        return dict(zip(with_email, mails))

    def _render_letters(self, report):
        """{case: ir.attachment} of `report` for these cases, rendered in one go and split per case when the PDF
        engine allows it (one page or one top heading per letter), one by one otherwise."""
        return self.env["ir.actions.report"]._housing_render_attachments(report, self)

    # ------------------------------------------------------------------ figures of the letters
    def _letter_values(self, on_date=None):
        """What the letters say: the debt due (the frozen debt of an over-indebtedness file left out), its period,
        the unpaid notices, the monthly rent and charges, the schedule offered and the deadlines."""
        self.ensure_one()
        # the letters are in French (t-lang of the templates): so are the labels computed here
        self = self.with_context(lang=LETTER_LANG)
        on_date = on_date or fields.Date.context_today(self)
        company = self.company_id
        lease = self.lease_id
        items = self._get_unpaid_items(on_date)
        debt = self.currency_id.round(sum(item["remaining"] for item in items))
        months = max(company.housing_offer_months, 1)
        instalment = self.currency_id.round(debt / months) if debt else 0.0
        first = on_date + relativedelta(months=1, day=1)
        offer = []
        left = debt
        for number in range(months):
            amount = instalment if number < months - 1 else self.currency_id.round(left)
            left -= amount
            offer.append({"number": number + 1, "month": first + relativedelta(months=number), "amount": amount})
        return {
            "items": items,
            "debt": debt,
            "period_from": items[0]["maturity"] if items else False,
            "period_to": items[-1]["maturity"] if items else False,
            "gross": lease.gross_amount,
            "rent": lease.rent_amount,
            "charges": lease.charges_amount,
            "benefit": lease.benefit_amount,
            "tenant_share": lease.tenant_share,
            "offer_months": months,
            "offer_instalment": instalment,
            "offer": offer,
            "meeting_by": on_date + timedelta(days=company.housing_meeting_days),
            "notice_by": on_date + timedelta(days=company.housing_notice_days),
            "on_date": on_date,
            "fsl_address": company.housing_fsl_address or "",
            "benefit_payer": lease.benefit_payer_id,
            "tenants": ", ".join(lease.tenant_ids.mapped("name")) or self.partner_id.name,
            "clause_delay": "{} {}".format(
                lease.payment_order_delay,
                dict(lease._fields["payment_order_delay_unit"]._description_selection(self.env))
                .get(lease.payment_order_delay_unit, "")
                .lower(),
            ).strip(),
        }

    def _check_letter_allowed(self):
        """No letter claims a debt frozen by an admitted over-indebtedness file."""
        self._check_reminder_allowed()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _housing_render_attachments(self, report, records):
        """{record: ir.attachment} of `report` for `records`: one rendering of all the letters, split per record
        by Odoo's PDF engine; one rendering per record when it cannot split them (or under the test runner, which
        renders HTML)."""
        if not records:
            return {}
        Report = self.env["ir.actions.report"].sudo()
        report_name = report.report_name
        streams = {}
        content, kind = False, "pdf"
        if len(records) > 1:
            try:
                content, kind = Report._pre_render_qweb_pdf(report_name, records.ids)
            except (UserError, PdfReadError) as error:
                # a wkhtmltopdf built without the patched Qt renders one document at a time
                _logger.info("Letters %s not rendered by Odoo's batch: %s", report_name, error)
                content = self._housing_render_merged(report, records)
        if content and kind == "pdf" and False not in content:
            streams = {
                record_id: data["stream"].getvalue() if isinstance(data, dict) else data
                for record_id, data in content.items()
            }
        else:
            for record in records:
                data, kind = Report._render_qweb_pdf(report_name, record.ids)
                streams[record.id] = data
        extension, mimetype = ("pdf", "application/pdf") if kind == "pdf" else ("html", "text/html")
        today = fields.Date.context_today(self)
        vals_list = []
        for record in records:
            data = streams[record.id]
            if isinstance(data, str):
                data = data.encode()
            vals_list.append(
                {
                    "name": f"{report.name} - {record.display_name} - {today}.{extension}",
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        attachments = self.env["ir.attachment"].sudo().create(vals_list)
        return dict(zip(records, attachments))

    def _housing_render_merged(self, report, records):
        """{record id: PDF} of the letters rendered in one document by one wkhtmltopdf call, each letter on new
        pages, split on the mark that opens each letter; None when the pages cannot be told apart."""
        Report = self.env["ir.actions.report"].sudo().with_context(debug=False)
        report_sudo = Report._get_report(report.report_name)
        html = Report._render_qweb_html(report.report_name, records.ids, data={"report_type": "pdf"})[0]
        bodies, html_ids, header, footer, args = report_sudo._prepare_html(html, report_model=report_sudo.model)
        if html_ids != records.ids:
            return None

        def inner(body):
            body = str(body)
            return body[body.index("<body") :].split(">", 1)[1].rsplit("</body>", 1)[0]

        first = str(bodies[0])
        merged = (
            first[: first.index("<body")]
            + '<body class="container">'
            + "".join(
                f'<div style="page-break-after: always;"><div style="font-size: 1px; color: #fff;">'
                f"{LETTER_MARK}{record_id}.</div>{inner(body)}</div>"
                for record_id, body in zip(records.ids, bodies)
            )
            + "</body></html>"
        )
        data = Report._run_wkhtmltopdf(
            [Markup(merged)],
            report_ref=report.report_name,
            header=header,
            footer=footer,
            specific_paperformat_args=args,
        )
        reader = PdfFileReader(io.BytesIO(data))
        starts = []
        for index in range(reader.numPages):
            found = re.search(rf"{LETTER_MARK}(\d+)\.", reader.getPage(index).extract_text() or "")
            if found:
                starts.append((index, int(found.group(1))))
        if [record_id for _index, record_id in starts] != records.ids or starts[0][0] != 0:
            return None
        result = {}
        for number, (index, record_id) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else reader.numPages
            writer = PdfFileWriter()
            for page in range(index, end):
                writer.addPage(reader.getPage(page))
            stream = io.BytesIO()
            writer.write(stream)
            result[record_id] = stream.getvalue()
        return result
