// The staff view's upload form: sends the file (and the agency and year, when typed) with the admin token
// to POST /api/reports, says what happened (added, replaced or kept as another rendition, the figures that
// differ from the stored version, the ambiguous and missing cells, the broken rules) and fetches the report
// list again, so its count and rows are current without a reload.
const form = document.getElementById("upload-form");
const result = document.getElementById("upload-result");
const MAX_CHANGES_SHOWN = 10;

const element = (tag, text, className) => {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
};

// The verdict line, then the details: each changed figure on its own line (old → new), then the rest.
const showOutcome = (body) => {
  const verdict = element("p", undefined, "verdict");
  verdict.append(element("strong", body.verb), " " + body.file + "：" + body.message);
  const parts = [verdict];
  const details = element("ul", undefined, "details");
  let rest = body.details || [];
  if (body.compared_with && body.changes && body.changes.length) {
    const than = body.compared_with === body.file ? "与这个文件上次导入的版本相比" : "与 " + body.compared_with + " 相比";
    const item = element("li", than + "有 " + body.changes.length + " 个数字不同：");
    const lines = element("ul", undefined, "changes");
    body.changes.slice(0, MAX_CHANGES_SHOWN).forEach((change) => lines.appendChild(element("li", change.line)));
    if (body.changes.length > MAX_CHANGES_SHOWN) lines.appendChild(element("li", "……等" + body.changes.length + "个"));
    item.appendChild(lines);
    details.appendChild(item);
    rest = rest.slice(1);  // details[0] says the same in one sentence
  }
  rest.forEach((line) => details.appendChild(element("li", line)));
  if (details.children.length) parts.push(details);
  if (body.report_id != null) {
    const link = element("a", "查看这份报告");
    link.href = "/reports/" + body.report_id;
    const more = element("p");
    more.appendChild(link);
    parts.push(more);
  }
  result.replaceChildren(...parts);
  const differs = body.status === "rendition" && body.changes && body.changes.length;
  result.className = differs || (body.broken_rules && body.broken_rules.length) ? "warn" : "";
};

// The list of reports, fetched again and swapped in; the row of the report just written is marked.
const refreshList = async (reportId) => {
  const box = document.getElementById("report-list");
  if (!box) return;
  const response = await fetch("/reports", { cache: "no-store" });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("report-list");
  if (!fresh) return;
  box.replaceWith(fresh);
  const link = fresh.querySelector('a[href="/reports/' + reportId + '"]');
  if (link) link.closest("tr").classList.add("just-uploaded");
};

if (form) {
  form.token.value = sessionStorage.getItem("gongkai-token") || "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = form.token.value.trim();
    sessionStorage.setItem("gongkai-token", token);
    const data = new FormData();
    data.append("file", form.file.files[0]);
    for (const field of ["agency", "year"]) {
      const value = form[field].value.trim();
      if (value) data.append(field, value);  // optional: when given, they win over what the file says
    }
    result.className = "";
    result.textContent = "正在导入，请稍候……";
    let body;
    try {
      const response = await fetch("/api/reports", {
        method: "POST", headers: { Authorization: "Bearer " + token }, body: data,
      });
      body = await response.json().catch(() => ({}));
      if (!response.ok) {
        result.className = "error";
        result.textContent = "上传失败：" + (body.detail || response.status);
        return;
      }
    } catch (error) {
      result.className = "error";
      result.textContent = "上传失败：网络错误";
      return;
    }
    showOutcome(body);
    try {
      await refreshList(body.report_id);
    } catch (error) {
      result.appendChild(element("p", "报告列表未能刷新，请重新载入页面查看。"));
    }
  });
}

// The staff view's cells: a tap, a click or Enter shows what the tooltip says (label, status, rule or readings,
// where and the source text), under the cell's table, with a link to the cell in the source view.
const cellsBox = document.querySelector(".cells[data-file]");
const detail = document.getElementById("cell-detail");
if (cellsBox && detail) {
  cellsBox.querySelectorAll("td[data-cell]").forEach((td) => { td.tabIndex = 0; });
  const show = (td) => {
    const lines = td.dataset.lines.split("\n").map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    });
    const link = document.createElement("a");
    link.href = "/source?" + new URLSearchParams({ file: cellsBox.dataset.file, cell: td.dataset.cell }) + "#hit";
    link.textContent = "在出处页查看这个单元格";
    detail.replaceChildren(...lines, link);
    td.closest("section.table").after(detail);
    detail.hidden = false;
  };
  cellsBox.addEventListener("click", (event) => {
    const td = event.target.closest("td[data-cell]");
    if (td) show(td);
  });
  cellsBox.addEventListener("keydown", (event) => {
    const td = event.target.closest("td[data-cell]");
    if (td && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(td);
    }
  });
}
