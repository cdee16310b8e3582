/** @odoo-module */
// One tour per role, its main job from its home page (tests/test_tours.py starts them).

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { checkPage, openMenu, today } from "./housing_tour_checks";

const tours = registry.category("web_tour.tours");

// the arrears officer: lands on the kanban of their cases, logs a phone call, then signs a repayment plan
tours.add("housing_officer_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "home: the kanban of my cases",
            trigger: ".o_kanban_view .o_kanban_record:contains(Marc Durand)",
        },
        { trigger: ".o_searchview_facet" },
        checkPage("the officer's home"),
        { content: "the list of my cases", trigger: ".o_switch_view.o_list", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Marc Durand)" },
        checkPage("the list of the cases"),
        { content: "back to the kanban", trigger: ".o_switch_view.o_kanban", run: "click" },
        { content: "open the case", trigger: ".o_kanban_record:contains(Marc Durand)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=stage_id]" },
        checkPage("the case form"),
        { content: "tab of the contact attempts", trigger: ".o_notebook .nav-link[name=contacts]", run: "click" },
        {
            content: "log a contact",
            trigger: ".o_field_widget[name=contact_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "what was said",
            trigger: ".o_field_widget[name=contact_ids] .o_data_row .o_field_widget[name=note] textarea",
            run: "edit Appel : accord pour un plan d'apurement",
        },
        { content: "save the case", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved, .o_form_view:not(:has(.o_form_status_indicator_buttons:not(.invisible)))" },
        { content: "new repayment plan", trigger: ".o_form_view button[name=action_new_plan]", run: "click" },
        {
            content: "six instalments",
            trigger: ".o_form_view .o_field_widget[name=instalment_count] input",
            run: "edit 6",
        },
        {
            content: "signed today",
            trigger: ".o_form_view .o_field_widget[name=signature_date] input",
            run: `edit ${today()}`,
        },
        { content: "sign the plan", trigger: ".o_form_view button[name=action_sign]", run: "click" },
        {
            content: "the plan runs",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current[data-value=active]",
        },
        checkPage("the signed plan"),
    ],
});

// the CESF: lands on their follow-ups, plans a home visit, then evaluates the household's budget
tours.add("housing_cesf_tour", {
    url: "/odoo",
    steps: () => [
        { content: "home: my follow-ups", trigger: ".o_kanban_view .o_kanban_record:contains(Marc Durand)" },
        { trigger: ".o_searchview_facet" },
        checkPage("the CESF's home"),
        { content: "open the follow-up", trigger: ".o_kanban_record:contains(Marc Durand)", run: "click" },
        { content: "plan a home visit", trigger: ".o_form_view button[name=action_plan_visit]", run: "click" },
        {
            content: "the visit's date",
            trigger: ".modal .o_field_widget[name=date] input",
            run: `edit ${today()} 10:00:00`,
        },
        { trigger: ".modal .o_field_widget[name=location] input", run: "edit 12 rue des Lilas, Villefontaine" },
        checkPage("the visit dialog"),
        { content: "save the visit", trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { content: "evaluate the budget", trigger: ".o_form_view button[name=action_new_evaluation]", run: "click" },
        {
            content: "a resource",
            trigger: ".o_field_widget[name=resource_line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "its category",
            trigger: ".o_field_widget[name=resource_line_ids] .o_data_row .o_field_widget[name=category_id] input",
            run: "click",
        },
        { content: "the first resource category", trigger: ".ui-menu-item:first-child a", run: "click" },
        {
            content: "its monthly amount",
            trigger: ".o_field_widget[name=resource_line_ids] .o_data_row .o_field_widget[name=amount] input",
            run: "edit 1250",
        },
        { content: "save the evaluation", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_view button[name=action_print]" },
        checkPage("the budget evaluation"),
    ],
});

// the insertion officer: lands on the clauses behind schedule, then declares a month of hours
tours.add("housing_insertion_tour", {
    url: "/odoo",
    steps: () => [
        { content: "home: the clauses behind schedule", trigger: ".o_list_view .o_data_row" },
        { trigger: ".o_searchview_facet" },
        checkPage("the insertion officer's home"),
        ...openMenu("housing_insertion.housing_insertion_menu", "housing_insertion.housing_insertion_hours_menu"),
        { content: "declare hours", trigger: ".o_list_button_add", run: "click" },
        {
            content: "the hire",
            trigger: ".o_data_row .o_field_widget[name=hire_id] input",
            run: "edit Awa",
        },
        { trigger: ".ui-menu-item a:contains(Awa Diallo)", run: "click" },
        { content: "the hours", trigger: ".o_data_row .o_field_widget[name=hours] input", run: "edit 35" },
        { content: "save", trigger: ".o_list_button_save", run: "click" },
        { trigger: ".o_list_view:not(:has(.o_selected_row))" },
        checkPage("the declared hours"),
    ],
});

// the accountant: lands on the bank lines to match, imports a statement, then runs the month's rent call
tours.add("housing_accountant_tour", {
    url: "/odoo",
    steps: () => [
        { content: "home: the bank lines to match", trigger: ".o_action_manager .o_view_controller" },
        { trigger: ".o_searchview_facet" },
        checkPage("the accountant's home"),
        ...openMenu("housing_collection.housing_collection_menu", "housing_collection.housing_collection_statement_import_menu"),
        {
            content: "choose the statement file",
            trigger: ".modal .o_field_widget[name=statement_file]",
            async run() {
                const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
                    model: "ir.attachment",
                    method: "search_read",
                    args: [[["name", "=", "housing_tour_statement.cfonb"]], ["datas"]],
                    kwargs: {},
                });
                const bytes = Uint8Array.from(atob(attachment.datas), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "releve.cfonb", { type: "text/plain" }));
                const input = document.querySelector(".modal input[type=file]");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { content: "the file is loaded", trigger: ".modal .o_field_widget[name=statement_file] .o_clear_file_button" },
        { content: "import", trigger: ".modal button[name=import_file_button]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        checkPage("the imported statement"),
        ...openMenu("housing_arrears.housing_billing_menu", "housing_arrears.housing_rent_call_menu"),
        { content: "new rent call", trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=period_start] input" },
        checkPage("the new rent call"),
        { content: "run it", trigger: ".o_form_view button[name=action_start]", run: "click" },
        {
            content: "it runs in the background",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current[data-value=running]",
        },
        checkPage("the running rent call"),
    ],
});
