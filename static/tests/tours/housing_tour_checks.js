/** @odoo-module */
// Checks shared by the tours of the suite: a tour fails on an error dialog, on a label of the suite left in English
// and on the layout defects it can measure (overlapping kanban badges, truncated list headers, a collapsed status bar).

// English words of the suite's labels (menus, fields, buttons, stages, filters): none may show to a French user
export const ENGLISH_WORDS = [
    "Arrears", "Lease", "Leases", "Tenant", "Tenants", "Rent Call", "Rent Calls", "Follow-up", "Follow-ups",
    "Repayment", "Debt", "Unreachable", "Dwelling", "Dwellings", "Household", "Hours", "Hire", "Hires", "Schedule",
    "Statement", "Bank Lines", "Matched", "Signed", "Contact Attempts", "Visits", "Evaluate", "Stage", "Save",
    "Discard", "New", "Search", "Filters", "Group By", "Behind", "Insertion Clauses", "Candidates", "Home Visit",
    "Monthly", "Period", "Required", "Invalid fields", "Missing required", "Import", "Run the",
];
const ENGLISH = new RegExp(`(^|[^\\p{L}])(${ENGLISH_WORDS.join("|")})([^\\p{L}]|$)`, "u");
// where the labels are: menus, breadcrumbs, control panel, field labels, list headers, buttons, tabs, stages, facets
const LABELS = [
    ".o_main_navbar .o_menu_sections > *", ".o_breadcrumb", ".o_control_panel button", ".o_searchview_facet",
    ".o_form_label", ".o_list_renderer thead th", ".o_form_view button", ".o_notebook .nav-link",
    ".o_statusbar_status", ".o_kanban_header_title", ".modal-title", ".modal-footer button", ".o_notification",
    ".o_kanban_view .badge",
].join(", ");

function visible(el) {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && getComputedStyle(el).visibility !== "hidden";
}

function overlap(a, b) {
    const r1 = a.getBoundingClientRect();
    const r2 = b.getBoundingClientRect();
    return r1.left < r2.right - 1 && r2.left < r1.right - 1 && r1.top < r2.bottom - 1 && r2.top < r1.bottom - 1;
}

/** The problems of the page as it is: a list of messages (empty when all is well). */
export function pageProblems() {
    const problems = [];
    if (document.querySelector(".o_error_dialog")) {
        problems.push(`error dialog: ${document.querySelector(".o_error_dialog").innerText.slice(0, 300)}`);
    }
    for (const el of document.querySelectorAll(LABELS)) {
        if (!visible(el)) {
            continue;
        }
        const match = el.innerText.match(ENGLISH);
        if (match) {
            problems.push(`English label "${match[2]}" in "${el.innerText.trim().slice(0, 80)}"`);
        }
    }
    // kanban cards: a badge never covers the name of the card
    for (const card of document.querySelectorAll(".o_kanban_record")) {
        const name = card.querySelector(".o_field_widget[name=partner_id]");
        for (const badge of card.querySelectorAll(".badge")) {
            if (name && visible(name) && visible(badge) && overlap(name, badge)) {
                problems.push(`badge "${badge.innerText}" over "${name.innerText}"`);
            }
        }
    }
    // lists: the columns of text (names, references, many2one) are never cut, neither their title nor their cells
    // (the numbers and the dates have the fixed widths of Odoo's lists)
    for (const table of document.querySelectorAll(".o_list_renderer table")) {
        const headers = [...table.querySelectorAll("thead th")];
        const row = table.querySelector("tbody tr.o_data_row");
        if (!row) {
            continue;
        }
        const cells = [...row.children];
        headers.forEach((th, index) => {
            const cell = cells[index];
            if (!cell || !cell.matches(".o_list_char, .o_list_many2one, .o_list_text") || !visible(th)) {
                return;
            }
            const title = th.querySelector(".o_column_title, span") || th;
            if (title.scrollWidth > title.clientWidth + 1) {
                problems.push(`truncated column title "${th.innerText}"`);
            }
        });
        for (const cell of table.querySelectorAll("tbody td.o_list_char, tbody td.o_list_many2one")) {
            if (visible(cell) && cell.scrollWidth > cell.clientWidth + 1) {
                problems.push(`truncated cell "${cell.innerText}"`);
            }
        }
    }
    // the status bar of a form shows its stages, not only the current one in a dropdown
    const statusbar = document.querySelector(".o_form_view .o_statusbar_status");
    if (statusbar && visible(statusbar)) {
        const shown = [...statusbar.querySelectorAll(".o_arrow_button:not(.dropdown-toggle)")].filter(visible);
        if (statusbar.querySelector(".o_arrow_button.dropdown-toggle") && shown.length < 2) {
            problems.push("status bar collapsed to the current stage");
        }
    }
    return problems;
}

/** A step that fails the tour on any problem of the page. */
export function checkPage(content = "the page shows no error, no English label, no overflow") {
    return {
        content,
        trigger: "body",
        run() {
            const problems = pageProblems();
            if (problems.length) {
                throw new Error(`${content}: ${problems.join(" | ")}`);
            }
        },
    };
}

/** Steps that open a menu of the suite by its XML id. */
export function openMenu(section, item) {
    return [
        {
            content: `open the menu ${section}`,
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid="${section}"]`,
            run: "click",
        },
        {
            content: `open ${item}`,
            trigger: `.o_main_navbar .dropdown-menu [data-menu-xmlid="${item}"], .o-dropdown--menu [data-menu-xmlid="${item}"]`,
            run: "click",
        },
    ];
}

/** Today in the French format of the date fields. */
export function today() {
    return new Date().toLocaleDateString("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric" });
}
