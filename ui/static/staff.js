// The staff view's upload form: sends the file (and the agency and year, when typed) with the admin token
// to POST /api/reports.
const form = document.getElementById("upload-form");
const result = document.getElementById("upload-result");
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
    try {
      const response = await fetch("/api/reports", {
        method: "POST", headers: { Authorization: "Bearer " + token }, body: data,
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        result.className = "error";
        result.textContent = "上传失败：" + (body.detail || response.status);
        return;
      }
      // 200: nothing written (the same bytes as before, or as another stored file); 201: added or replaced.
      result.textContent = (response.status === 200 ? "跳过：" : "已导入：") + body.message + " ";
      const link = document.createElement("a");
      link.href = "/reports/" + body.report_id;
      link.textContent = "查看这份报告";
      result.appendChild(link);
    } catch (error) {
      result.className = "error";
      result.textContent = "上传失败：网络错误";
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
