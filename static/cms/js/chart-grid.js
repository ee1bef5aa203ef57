// The chart grid (cms.blocks.ChartGridWidget): the <textarea> of tab-separated rows stays the
// value the form sends; this Stimulus controller adds an editable grid kept in sync with it,
// a CSV upload, and the chart's preview drawn by the server (cms/chart_admin.py, which also
// parses: one parser for the form, the upload and the preview).
(() => {
  const register = () => {
    const { Controller } = window.StimulusModule;

    class ChartGridController extends Controller {
      static targets = ["tools", "file", "errors", "grid", "preview", "help"];
      static values = { url: String, cellLabel: String, gridLabel: String };

      connect() {
        this.textarea = this.element.querySelector("textarea");
        this.prefix = this.textarea.name.replace(/-data$/, "");
        this.toolsTarget.hidden = false;
        this.timer = null;
        this.onText = () => this.changed();
        this.textarea.addEventListener("input", this.onText);
        this.textarea.addEventListener("change", this.onText);
        this.onType = (event) => {
          const name = event.target.name || "";
          if (name === `${this.prefix}-chart_type` || name === `${this.prefix}-unit`) this.changed();
        };
        document.addEventListener("change", this.onType);
        // Wagtail sets the textarea's value right after inserting the block.
        window.setTimeout(() => this.changed(0), 0);
      }

      disconnect() {
        this.textarea.removeEventListener("input", this.onText);
        this.textarea.removeEventListener("change", this.onText);
        document.removeEventListener("change", this.onType);
      }

      field(name) {
        const el = document.querySelector(`[name="${this.prefix}-${name}"]`);
        return el ? el.value : "";
      }

      changed(delay = 400) {
        this.renderGrid();
        window.clearTimeout(this.timer);
        this.timer = window.setTimeout(() => this.preview(), delay);
      }

      rows() {
        return this.textarea.value
          .replace(/\r\n?/g, "\n")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => line.split("\t"));
      }

      renderGrid() {
        const rows = this.rows();
        this.gridTarget.replaceChildren();
        if (!rows.length || rows[0].length < 2) return;
        const table = document.createElement("table");
        table.className = "chart-grid__cells";
        table.setAttribute("aria-label", this.gridLabelValue);
        rows.forEach((cells, r) => {
          const tr = document.createElement("tr");
          cells.forEach((cell, c) => {
            const td = document.createElement(r === 0 || c === 0 ? "th" : "td");
            const input = document.createElement("input");
            input.type = "text";
            input.value = cell;
            input.dataset.row = r;
            input.dataset.column = c;
            const label = this.cellLabelValue || "{row}, {column}";
            input.setAttribute(
              "aria-label",
              label.replace("{row}", r + 1).replace("{column}", c + 1),
            );
            input.addEventListener("change", () => this.cellChanged());
            input.addEventListener("paste", (event) => this.cellPasted(event));
            td.append(input);
            tr.append(td);
          });
          table.append(tr);
        });
        this.gridTarget.append(table);
      }

      cellChanged() {
        const rows = [];
        this.gridTarget.querySelectorAll("input").forEach((input) => {
          const r = Number(input.dataset.row);
          (rows[r] = rows[r] || [])[Number(input.dataset.column)] = input.value.replace(/[\t\n]/g, " ");
        });
        this.textarea.value = rows.map((cells) => cells.join("\t")).join("\n");
        this.changed();
      }

      cellPasted(event) {
        const text = event.clipboardData && event.clipboardData.getData("text/plain");
        if (!text || !/[\t\n]/.test(text)) return; // one cell: the browser pastes it
        event.preventDefault(); // a block of cells: it becomes the whole grid
        this.textarea.value = text;
        this.changed(0);
      }

      async post(body) {
        body.append("chart_type", this.field("chart_type"));
        body.append("unit", this.field("unit"));
        body.append("title", this.field("title"));
        body.append("description", this.field("description"));
        const token =
          (window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) ||
          (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
        const response = await fetch(this.urlValue, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token },
          credentials: "same-origin",
        });
        return response.json();
      }

      show(result) {
        this.errorsTarget.replaceChildren();
        if (result.errors && result.errors.length) {
          const list = document.createElement("ul");
          result.errors.forEach((message) => {
            const item = document.createElement("li");
            item.textContent = message;
            list.append(item);
          });
          this.errorsTarget.append(list);
        }
        if (result.html !== undefined) this.previewTarget.innerHTML = result.html || "";
      }

      async preview() {
        if (!this.textarea.value.trim()) {
          this.show({ errors: [], html: "" });
          return;
        }
        const body = new FormData();
        body.append("data", this.textarea.value);
        try {
          this.show(await this.post(body));
        } catch {
          // The preview is a help: the form still validates on save.
        }
      }

      async upload() {
        const file = this.fileTarget.files[0];
        if (!file) return;
        const body = new FormData();
        body.append("file", file);
        const result = await this.post(body);
        if (result.grid !== undefined) {
          this.textarea.value = result.grid;
          this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
        this.show(result);
        this.fileTarget.value = "";
      }
    }

    window.wagtail.app.register("chart-grid", ChartGridController);
  };

  if (window.wagtail && window.wagtail.app && window.StimulusModule) register();
  else document.addEventListener("DOMContentLoaded", register);
})();
