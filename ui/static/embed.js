// The /embed chat: asks /api/ask with the conversation and the portal's agency, shows each
// answer with its [n] citations as links that open the source view over the chat.
// Everything from the server is put in with textContent, never as HTML, except the answer's chart: SVG
// and a table drawn by the server (ui/charts.py, every text escaped there), parsed inertly by DOMParser;
// the page's policy forbids inline script besides.
const root = document.querySelector(".embed");
const log = document.getElementById("log");
const form = document.getElementById("ask");
const source = document.getElementById("source");
const frame = source.querySelector("iframe");
const history = [];
const HISTORY_KEPT = 40; // items sent with a question: the server reads the last 20 (ui/api.py MAX_HISTORY)
const QUOTE_KEY_CHARS = 60; // as ui/citations.py

if (window.self !== window.top) root.classList.add("framed");

function sourceUrl(c) {
  const params = new URLSearchParams({ file: c.file });
  if (c.cell) {
    params.set("cell", c.cell);
  } else {
    if (c.line != null) params.set("line", c.line);
    if (c.page != null) params.set("page", c.page);
    params.set("text", Array.from(c.text).slice(0, QUOTE_KEY_CHARS).join(""));
  }
  return "/source?" + params.toString() + "#hit";
}

function citeLink(c) {
  const a = document.createElement("a");
  a.className = "cite";
  a.href = sourceUrl(c);
  a.textContent = "[" + c.n + "]";
  opensSource(a);
  return a;
}

function opensSource(a) {
  a.addEventListener("click", (event) => {
    event.preventDefault();
    frame.src = a.getAttribute("href");
    source.hidden = false;
  });
}

function chartOf(html) {
  const figure = new DOMParser().parseFromString(html, "text/html").querySelector("figure.gk-chart");
  if (!figure) return null;
  const node = document.importNode(figure, true);
  node.querySelectorAll("a.gk-cite").forEach(opensSource);
  return node;
}

function addMessage(kind, text) {
  const div = document.createElement("div");
  div.className = "msg " + kind;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

function appendText(div, text, cites) {
  text.split(/(\[\d+\])/).forEach((part) => {
    const n = /^\[(\d+)\]$/.exec(part);
    const c = n && cites.get(Number(n[1]));
    div.appendChild(c ? citeLink(c) : document.createTextNode(part));
  });
}

// An answer's compact table, as ui/answer_table.py draws it: turned when it has more columns than rows,
// every value a link to its own cell in the source view, a year's [n] after its heading; all text put in
// with textContent.
function tableOf(t, cites) {
  const rows = t.rows.map((r) => [{ label: r.label, cited: r.citations || [] }, r.cells]);
  const columns = t.columns.map((c) => ({ label: c, cited: [] }));
  const turned = columns.length > rows.length;
  const heads = turned ? rows.map((r) => r[0]) : columns;
  const body = turned ? columns.map((c, i) => [c, rows.map((r) => r[1][i])]) : rows;
  const cell = (tag, heading, scope) => {
    const node = document.createElement(tag);
    if (scope) node.scope = scope;
    node.textContent = heading.label;
    heading.cited.forEach((n) => cites.has(n) && node.appendChild(citeLink(cites.get(n))));
    return node;
  };
  const wrap = document.createElement("div");
  wrap.className = "gk-table-wrap";
  const table = document.createElement("table");
  table.className = "gk-table";
  table.appendChild(cell("caption", { label: t.title, cited: [] }));
  const head = table.createTHead().insertRow();
  head.appendChild(cell("th", { label: "", cited: [] }, "col"));
  heads.forEach((h) => head.appendChild(cell("th", h, "col")));
  const tbody = table.createTBody();
  body.forEach(([label, cells]) => {
    const tr = tbody.insertRow();
    tr.appendChild(cell("th", label, "row"));
    cells.forEach((c) => {
      const td = tr.insertCell();
      if (!c) return;
      td.className = "st-" + c.status;
      const a = document.createElement("a");
      a.className = "cite gk-cell";
      a.href = sourceUrl({ file: c.file, cell: c.cell });
      a.textContent = c.text;
      opensSource(a);
      td.appendChild(a);
    });
  });
  wrap.appendChild(table);
  return wrap;
}

function showAnswer(div, data) {
  const cites = new Map(data.citations.map((c) => [c.n, c]));
  div.textContent = "";
  // Each table in place of the lines it stands for (with the line breaks around them); the rest as text.
  let rest = data.answer;
  (data.tables || []).forEach((t) => {
    const at = rest.indexOf(t.text);
    if (at < 0) return;
    appendText(div, rest.slice(0, at).replace(/\n$/, ""), cites);
    div.appendChild(tableOf(t, cites));
    rest = rest.slice(at + t.text.length).replace(/^\n/, "");
  });
  appendText(div, rest, cites);
  const chart = data.chart_html && chartOf(data.chart_html);
  if (chart) div.appendChild(chart);
  if (data.citations.length) {
    const notes = document.createElement("div");
    notes.className = "notes";
    notes.appendChild(document.createTextNode("出处（点击查看原文）："));
    data.citations.forEach((c) => {
      const line = document.createElement("div");
      line.appendChild(citeLink(c));
      line.appendChild(document.createTextNode(" " + c.title + " · " + c.section));
      notes.appendChild(line);
    });
    div.appendChild(notes);
  }
  // 👍/👎 and a comment (static/feedback.js), for every answer the server logged.
  if (data.answer_id && window.GongkaiFeedback) div.appendChild(window.GongkaiFeedback.build(data.answer_id));
}

async function ask(question) {
  addMessage("user", question);
  const pending = addMessage("bot", "正在查找年报……");
  form.querySelector("button").disabled = true;
  try {
    const response = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, history, agency: root.dataset.agency || null }),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      pending.classList.add("error");
      pending.textContent = data.detail || "出错了，请稍后再试。";
      return;
    }
    showAnswer(pending, data);
    history.push({ role: "user", content: question }, { role: "assistant", content: data.answer });
    history.splice(0, Math.max(0, history.length - HISTORY_KEPT));
  } catch (error) {
    pending.classList.add("error");
    pending.textContent = "网络错误，请稍后再试。";
  } finally {
    form.querySelector("button").disabled = false;
    log.scrollTop = log.scrollHeight;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const question = form.question.value.trim();
  if (!question) return;
  form.question.value = "";
  ask(question);
});
form.question.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
document.querySelectorAll(".example").forEach((button) => {
  button.addEventListener("click", () => ask(button.textContent));
});
document.getElementById("back").addEventListener("click", () => {
  source.hidden = true;
});
// Esc inside the framed chat closes the widget's panel (key events do not leave the frame).
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && window.self !== window.top) window.parent.postMessage("gongkai:close", "*");
});
