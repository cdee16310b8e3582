import functools
from datetime import date, timedelta

import holidays

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .housing_lease import LAW_2023_DATE

# the legal-delay settings: a change recomputes the deadlines of the procedure and moves their reminders
LEGAL_DELAY_FIELDS = (
    "housing_payer_plan_months",
    "housing_landlord_legal_person",
    "housing_truce_start",
    "housing_truce_end",
    "housing_law_2023_date",
    "housing_payment_order_weeks",
    "housing_ccapex_months",
    "housing_prefect_notice_days",
    "housing_dsf_working_days",
    "housing_order_to_vacate_months",
    "housing_police_silence_months",
    "housing_holidays_alsace_moselle",
    "housing_protocol_new_lease_months",
)


@functools.lru_cache(maxsize=128)
def french_public_holidays(year, alsace_moselle=False):
    """The French public holidays of a year (with Good Friday and 26 December in Alsace-Moselle), from the
    maintained `holidays` package."""
    return frozenset(holidays.France(years=year, subdiv="6AE" if alsace_moselle else None))


def is_working_day(day, alsace_moselle=False):
    """Monday to Friday, public holidays excluded (jours ouvrés)."""
    return day.weekday() < 5 and day not in french_public_holidays(day.year, alsace_moselle)


def working_days_before(day, count, alsace_moselle=False):
    """The date `count` working days before `day` (the day itself not counted)."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if is_working_day(current, alsace_moselle):
            count -= 1
    return current


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_rent_journal_id = fields.Many2one(
        "account.journal",
        string="Rent Journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of the rent invoices. Empty: the first sales journal of the company.",
    )
    housing_due_day = fields.Integer(
        string="Rent Due Day",
        default=5,
        help="Day of the month on which rent is due; rent invoices are dated on that day.",
    )
    housing_rent_call_day = fields.Integer(
        string="Rent Call Day",
        default=25,
        help="From this day of the month, the scheduled action runs the rent call of the coming month.",
    )
    housing_case_threshold = fields.Float(
        string="Arrears Threshold (months)",
        default=1.0,
        help="An arrears case opens when the overdue tenant share reaches this number of monthly tenant shares.",
    )
    housing_case_grace_days = fields.Integer(
        string="Grace Days",
        default=10,
        help="Days after the due date before an unpaid rent counts as overdue for opening a case.",
    )
    housing_unreachable_attempts = fields.Integer(
        string="Failed Attempts Before Unreachable",
        default=3,
        help="Consecutive failed contact attempts after which the tenant is flagged unreachable.",
    )
    housing_unreachable_days = fields.Integer(
        string="Days Without Contact Before Unreachable",
        default=60,
        help="Days without a successful contact after which the tenant is flagged unreachable.",
    )

    housing_fsl_ceiling = fields.Monetary(
        string="FSL Ceiling",
        currency_field="currency_id",
        default=4000.0,
        help="Largest amount the département's housing solidarity fund (FSL) grants per application.",
    )

    # repayment plans
    housing_plan_max_instalments = fields.Integer(
        string="Maximum Instalments",
        default=36,
        help="Largest number of monthly instalments of a repayment plan (judicial delays: 3 years at most).",
    )
    housing_plan_transit_account_id = fields.Many2one(
        "account.account",
        string="Plan Instalments Transit Account",
        help="Account through which an instalment billed on a rent invoice is moved off the old debt. "
        "Empty: the company's internal transfer account.",
    )
    # benefit payer (CAF / MSA)
    housing_signal_delay_months = fields.Integer(
        string="Signalement Delay (months)",
        default=2,
        help="Months after the arrears are constituted within which they must be signalled to the benefit payer.",
    )
    housing_payer_plan_months = fields.Integer(
        string="Plan Expected Within (months)",
        default=6,
        help="After the signalement, months the benefit payer gives the landlord to set up a repayment plan.",
    )
    housing_payer_fsl_months = fields.Integer(
        string="FSL Delay (months)",
        default=3,
        help="Months the housing solidarity fund has when the benefit payer refers the case to it.",
    )
    housing_payer_default_plan_months = fields.Integer(
        string="Default Plan (months)",
        default=36,
        help="Without a plan, the benefit payer applies a default plan: the debt divided by this many months.",
    )
    housing_constitution_multiplier = fields.Float(
        string="Constitution Threshold (months of charge)",
        default=2.0,
        help="Arrears are constituted for the benefit payer when the debt reaches this many monthly charges: net of "
        "the RLS and the benefit when the benefit is paid to the landlord, rent and charges otherwise "
        "(CCH R.824-3: twice).",
    )
    housing_signal_fine_amount = fields.Monetary(
        string="Fine for a Missing Signalement",
        currency_field="currency_id",
        default=8010.0,
        help="Fine the landlord risks for not signalling constituted arrears to the benefit payer, quoted in the "
        "officer's task.",
    )
    # legal procedure
    housing_landlord_legal_person = fields.Boolean(
        string="Landlord Is a Legal Person",
        default=True,
        help="Social landlords (OPH, ESH, SEM) may not have a court summons served before two months have passed "
        "since the referral to the CCAPEX.",
    )
    housing_truce_start = fields.Char(
        string="Winter Truce Start (DD/MM)", default="01/11", help="First day of the winter truce, each year."
    )
    housing_truce_end = fields.Char(
        string="Winter Truce End (DD/MM)", default="31/03", help="Last day of the winter truce, each year."
    )
    # legal delays of the procedure (issue 9): every figure of the law, with its current value as default
    housing_law_2023_date = fields.Date(
        string="Loi n° 2023-668 in Force On",
        default=LAW_2023_DATE,
        help="Leases signed from this day have the legal payment order delay; judgments from this day grant 1 month "
        "to 1 year to vacate (before: 3 months to 3 years).",
    )
    housing_payment_order_weeks = fields.Integer(
        string="Payment Order Delay (weeks)",
        default=6,
        help="Legal delay after an unanswered payment order for the leases signed since the law of 2023; a lease "
        "may grant the tenant more.",
    )
    housing_payment_order_old_months = fields.Integer(
        string="Older Leases: Usual Contractual Delay (months)",
        default=2,
        help="Payment order delay proposed for the leases signed before the law of 2023 (their own clause applies).",
    )
    housing_ccapex_months = fields.Integer(
        string="CCAPEX Delay Before Summons (months)",
        default=2,
        help="A legal-person landlord may have the summons served once this delay after the referral to the CCAPEX "
        "has expired.",
    )
    housing_prefect_notice_days = fields.Integer(
        string="Notice to the Préfet Before the Hearing (days)",
        default=42,
        help="The summons is notified to the préfet at least this many days before the hearing, counted backwards "
        "from the hearing, the hearing day excluded, with no extension for weekends or holidays.",
    )
    housing_dsf_working_days = fields.Integer(
        string="Social Diagnostic Before the Hearing (working days)",
        default=5,
        help="The social and financial diagnostic reaches the judge at the latest this many working days before the "
        "hearing.",
    )
    housing_hearing_rent_months = fields.Integer(
        string="Current Rent Checked Before the Hearing (months)",
        default=2,
        help="At the hearing, the rent billed over this many months is compared with the payments of the same months: "
        "payment delays need the current rent resumed.",
    )
    housing_payment_delays_max_months = fields.Integer(
        string="Payment Delays of the Judge, at Most (months)",
        default=36,
        help="Longest payment delays the judge may grant (loi du 6 juillet 1989, art. 24 V).",
    )
    housing_vacate_delay_min_months = fields.Integer(
        string="Time to Vacate, at Least (months)",
        default=1,
        help="Shortest time to vacate the judge may grant by a judgment given since the law of 2023 (CPCE L.412-4).",
    )
    housing_vacate_delay_max_months = fields.Integer(
        string="Time to Vacate, at Most (months)",
        default=12,
        help="Longest time to vacate the judge may grant by a judgment given since the law of 2023 (CPCE L.412-4).",
    )
    housing_vacate_delay_old_min_months = fields.Integer(
        string="Time to Vacate Before 2023, at Least (months)",
        default=3,
        help="Shortest time to vacate of a judgment given before the law of 2023.",
    )
    housing_vacate_delay_old_max_months = fields.Integer(
        string="Time to Vacate Before 2023, at Most (months)",
        default=36,
        help="Longest time to vacate of a judgment given before the law of 2023.",
    )
    housing_order_to_vacate_months = fields.Integer(
        string="Order to Vacate Delay (months)",
        default=2,
        help="No eviction before this delay after the order to vacate has expired, counted from the later of its "
        "service and its notification to the préfet (CPCE L.412-1, L.412-5).",
    )
    housing_police_silence_months = fields.Integer(
        string="Silence of the Préfet (months)",
        default=2,
        help="Without an answer within this delay, the request for police assistance is refused, and the State owes "
        "compensation from the next day.",
    )
    housing_holidays_alsace_moselle = fields.Boolean(
        string="Alsace-Moselle Public Holidays",
        help="Also count Good Friday and 26 December as public holidays (Bas-Rhin, Haut-Rhin, Moselle).",
    )
    housing_protocol_max_months = fields.Integer(
        string="Social Cohesion Protocol, at Most (months)",
        default=24,
        help="Longest duration of a protocole de cohésion sociale (CCH L.353-15-2, L.442-6-5).",
    )
    housing_protocol_extension_max_months = fields.Integer(
        string="Protocol Extension, at Most (months)",
        default=36,
        help="Longest extension of a protocole de cohésion sociale by amendment.",
    )
    housing_protocol_new_lease_months = fields.Integer(
        string="New Lease After a Kept Protocol (months)",
        default=3,
        help="A kept protocol is followed by a new lease signed within this delay.",
    )
    # departed tenants, write-off, doubtful debts
    housing_deposit_account_id = fields.Many2one(
        "account.account",
        string="Security Deposits Account",
        help="Account of the security deposits received (165 in the French chart); set against the debt at departure.",
    )
    housing_write_off_account_id = fields.Many2one(
        "account.account",
        string="Write-off Loss Account",
        help="Account of the losses on irrecoverable receivables (654 in the French chart).",
    )
    housing_limitation_years = fields.Integer(
        string="Limitation (years)",
        default=3,
        help="Actions for unpaid rent and charges are time-barred after this many years (loi du 6 juillet 1989, "
        "art. 7-1).",
    )
    housing_limitation_alert_days = fields.Integer(
        string="Limitation Alert (days)",
        default=90,
        help="Days before the limitation of an unpaid rent when the case officer is warned.",
    )
    housing_doubtful_days_low = fields.Integer(
        string="Doubtful Debts, First Band (days)",
        default=90,
        help="A debt older than this many days (3 months) is provisioned at the first band's rate.",
    )
    housing_doubtful_days_mid = fields.Integer(
        string="Doubtful Debts, Second Band (days)",
        default=180,
        help="A debt older than this many days (6 months) is provisioned at the second band's rate.",
    )
    housing_doubtful_days_full = fields.Integer(
        string="Doubtful Debts, Full Provision (days)",
        default=365,
        help="A debt older than this many days (1 year) is provisioned at 100 %, as every debt of a departed tenant "
        "(CCH R.423-10).",
    )
    housing_doubtful_rate_3_6 = fields.Float(string="Doubtful Debts Rate, 3 to 6 Months (%)", default=25.0)
    housing_doubtful_rate_6_12 = fields.Float(string="Doubtful Debts Rate, 6 to 12 Months (%)", default=50.0)

    @api.constrains(
        "housing_due_day",
        "housing_rent_call_day",
        "housing_case_threshold",
        "housing_case_grace_days",
        "housing_unreachable_attempts",
        "housing_unreachable_days",
        "housing_plan_max_instalments",
        "housing_signal_delay_months",
        "housing_payer_plan_months",
        "housing_payer_fsl_months",
        "housing_payer_default_plan_months",
        "housing_doubtful_rate_3_6",
        "housing_doubtful_rate_6_12",
        "housing_doubtful_days_low",
        "housing_doubtful_days_mid",
        "housing_doubtful_days_full",
        "housing_constitution_multiplier",
        "housing_signal_fine_amount",
        "housing_limitation_years",
        "housing_truce_start",
        "housing_truce_end",
    )
    def _check_housing_settings(self):
        for company in self:
            if not 1 <= company.housing_due_day <= 28:
                raise ValidationError(_("The rent due day must be between 1 and 28."))
            if not 1 <= company.housing_rent_call_day <= 28:
                raise ValidationError(_("The rent call day must be between 1 and 28."))
            if company.housing_case_threshold <= 0:
                raise ValidationError(_("The arrears threshold must be greater than zero (in months of tenant share)."))
            if company.housing_case_grace_days < 0:
                raise ValidationError(_("The grace days cannot be negative."))
            if company.housing_unreachable_attempts < 1:
                raise ValidationError(_("The number of failed attempts must be at least 1."))
            if company.housing_unreachable_days < 1:
                raise ValidationError(_("The number of days without contact must be at least 1."))
            if not 1 <= company.housing_plan_max_instalments <= 120:
                raise ValidationError(_("The maximum number of instalments must be between 1 and 120."))
            if (
                min(
                    company.housing_signal_delay_months,
                    company.housing_payer_plan_months,
                    company.housing_payer_fsl_months,
                    company.housing_payer_default_plan_months,
                )
                < 1
            ):
                raise ValidationError(_("The benefit payer delays must be at least one month."))
            for rate in (company.housing_doubtful_rate_3_6, company.housing_doubtful_rate_6_12):
                if not 0 <= rate <= 100:
                    raise ValidationError(_("A doubtful debts rate is a percentage between 0 and 100."))
            if not (
                0
                < company.housing_doubtful_days_low
                < company.housing_doubtful_days_mid
                < company.housing_doubtful_days_full
            ):
                raise ValidationError(
                    _("The doubtful debts bands are increasing numbers of days, e.g. 90, 180 and 365.")
                )
            if company.housing_constitution_multiplier <= 0:
                raise ValidationError(_("The constitution threshold must be greater than zero (in monthly charges)."))
            if company.housing_signal_fine_amount < 0:
                raise ValidationError(_("The fine for a missing signalement cannot be negative."))
            if company.housing_limitation_years < 1:
                raise ValidationError(_("The limitation is at least one year."))
            company._housing_truce_bounds()

    def _housing_truce_bounds(self):
        """((month, day), (month, day)) of the winter truce; a clear error when a setting is malformed."""
        self.ensure_one()
        bounds = []
        for value in (self.housing_truce_start, self.housing_truce_end):
            try:
                day, month = (int(part) for part in (value or "").split("/"))
                date(2024, month, day)  # a leap year accepts 29/02, refused below
            except ValueError:
                raise ValidationError(
                    _("The winter truce dates are written DD/MM, e.g. 01/11 and 31/03 (not %(value)s).", value=value)
                ) from None
            if (month, day) == (2, 29):
                raise ValidationError(
                    _(
                        "A winter truce date cannot be 29/02, a day most years do not have: choose 28/02 or 01/03, "
                        "and record a longer truce of a leap year as an extension."
                    )
                )
            bounds.append((month, day))
        return tuple(bounds)

    def _housing_plan_transit_account(self):
        self.ensure_one()
        account = self.housing_plan_transit_account_id or self.transfer_account_id
        if not account:
            raise UserError(
                _(
                    "Set the transit account of the repayment plan instalments in the settings of %(company)s.",
                    company=self.name,
                )
            )
        return account

    def _housing_rent_journal(self):
        self.ensure_one()
        return self.housing_rent_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.id)], limit=1
        )

    # ------------------------------------------------------------------ legal delays of the procedure
    @api.constrains(
        "housing_law_2023_date",
        "housing_payment_order_weeks",
        "housing_payment_order_old_months",
        "housing_ccapex_months",
        "housing_prefect_notice_days",
        "housing_dsf_working_days",
        "housing_hearing_rent_months",
        "housing_payment_delays_max_months",
        "housing_vacate_delay_min_months",
        "housing_vacate_delay_max_months",
        "housing_vacate_delay_old_min_months",
        "housing_vacate_delay_old_max_months",
        "housing_order_to_vacate_months",
        "housing_police_silence_months",
        "housing_protocol_max_months",
        "housing_protocol_extension_max_months",
        "housing_protocol_new_lease_months",
    )
    def _check_housing_legal_delays(self):
        for company in self:
            if not company.housing_law_2023_date:
                raise ValidationError(_("Enter the date the law of 27 July 2023 came into force (29/07/2023)."))
            delays = (
                company.housing_payment_order_weeks,
                company.housing_payment_order_old_months,
                company.housing_ccapex_months,
                company.housing_prefect_notice_days,
                company.housing_dsf_working_days,
                company.housing_hearing_rent_months,
                company.housing_payment_delays_max_months,
                company.housing_vacate_delay_min_months,
                company.housing_vacate_delay_old_min_months,
                company.housing_order_to_vacate_months,
                company.housing_police_silence_months,
                company.housing_protocol_max_months,
                company.housing_protocol_extension_max_months,
                company.housing_protocol_new_lease_months,
            )
            if min(delays) < 1:
                raise ValidationError(_("The delays of the legal procedure must be at least 1."))
            if (
                company.housing_vacate_delay_min_months > company.housing_vacate_delay_max_months
                or company.housing_vacate_delay_old_min_months > company.housing_vacate_delay_old_max_months
            ):
                raise ValidationError(_("The shortest time to vacate cannot exceed the longest one."))

    def write(self, vals):
        legal = [fname for fname in LEGAL_DELAY_FIELDS if fname in vals]
        before = {company: [company[fname] for fname in legal] for company in self} if legal else {}
        res = super().write(vals)
        changed = self.filtered(lambda company: before.get(company, []) != [company[fname] for fname in legal])
        if changed:
            changed._housing_resync_procedure()
        return res

    def _housing_resync_procedure(self):
        """A legal setting changed: the deadlines of the open procedures follow, with their reminders, and the
        planned evictions are checked again."""
        steps = self.env["housing.legal.step"].search(
            [("company_id", "in", self.ids), ("state", "!=", "cancelled"), ("case_id.is_closed", "=", False)]
        )
        steps._recompute_deadlines()

    def _housing_is_public_holiday(self, day):
        self.ensure_one()
        return day in french_public_holidays(day.year, self.housing_holidays_alsace_moselle)

    def _housing_working_days_before(self, day, count):
        """The date `count` working days before `day` (the day itself not counted), with the company's holidays."""
        self.ensure_one()
        return working_days_before(day, count, self.housing_holidays_alsace_moselle)
