import { registry } from "@web/core/registry";

/** The spreadsheet model of the dashboard on screen: the grid is drawn on a canvas, its cells are read there. */
function dashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component && node.component.props && node.component.props.model;
        if (model && model.getters && model.getters.getEvaluatedCell) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return null;
}

/** Wait until the cell holds a number (its pivot loaded), fail on an error or a timeout. */
async function waitForNumber(ref) {
    for (let attempt = 0; attempt < 80; attempt++) {
        const model = dashboardModel();
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            const col = ref.charCodeAt(0) - 65;
            const row = parseInt(ref.slice(1)) - 1;
            const cell = model.getters.getEvaluatedCell({ sheetId, col, row });
            if (cell.type === "error" && cell.value !== "Loading...") {
                throw new Error(`Cell ${ref} of the dashboard is in error: ${cell.message || cell.value}`);
            }
            if (cell.type === "number") {
                return { model, sheetId, cell };
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Cell ${ref} of the dashboard shows no number`);
}

registry.category("web_tour.tours").add("housing_dashboard_tour", {
    url: "/odoo/action-housing_social.action_housing_dashboard",
    steps: () => [
        {
            content: "The manager's dashboard opens on its spreadsheet",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
        },
        {
            content: "The cases opened this year (B22) are a figure, labelled in French",
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
            async run() {
                const { model, sheetId } = await waitForNumber("B22");
                const label = model.getters.getEvaluatedCell({ sheetId, col: 0, row: 21 });
                if (label.value !== "Dossiers ouverts") {
                    throw new Error(`The figure is labelled "${label.value}"`);
                }
                // a rate is shown as a percentage, an amount in euros
                const rate = (await waitForNumber("B9")).cell;
                const amount = (await waitForNumber("B5")).cell;
                if (!rate.formattedValue.endsWith("%") || !amount.formattedValue.endsWith("€")) {
                    throw new Error(`Formats: "${rate.formattedValue}", "${amount.formattedValue}"`);
                }
                // every figure of the left column holds a number
                for (const row of [5, 9, 14, 19, 24, 26, 31]) {
                    await waitForNumber(`B${row}`);
                }
                // and no cell of the sheet is in error, once every pivot is loaded
                for (let attempt = 0; attempt < 80; attempt++) {
                    const cells = Object.values(model.getters.getEvaluatedCells(sheetId));
                    const errors = cells.filter((cell) => cell.type === "error");
                    if (!errors.length) {
                        return;
                    }
                    if (!errors.some((cell) => cell.value === "Loading...")) {
                        throw new Error(`Dashboard cells in error: ${errors.map((cell) => cell.message).join(", ")}`);
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The dashboard is still loading");
            },
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
