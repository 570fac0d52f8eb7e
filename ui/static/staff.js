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
      result.textContent = "已导入：" + body.message + " ";
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
