// Opens a citation [n] of the gradio chat in the source frame beside it. On a phone (chat-page.css) the
// source opens over the chat, above the question box, with 「← 返回对话」 (or Esc) back to the link; asking
// the next question closes it. A new question empties the frame, so it never shows the last answer's source.
const PHONE = window.matchMedia("(max-width: 899px)");
let opener = null;
function openSource(link) {
  const frame = document.getElementById("gk-source");
  frame.src = link.getAttribute("href");
  if (!PHONE.matches) return;
  const input = document.getElementById("gk-question");
  document.body.style.setProperty("--gk-input-h", (input ? input.offsetHeight : 0) + "px");
  document.body.classList.add("gk-source-open");
  opener = link;
  document.querySelector(".gk-back").focus();
}
function closeSource() {
  if (!document.body.classList.contains("gk-source-open")) return;
  document.body.classList.remove("gk-source-open");
  if (opener && opener.isConnected) opener.focus();
  opener = null;
}
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.gk-cite");
  if (link && document.getElementById("gk-source")) {
    event.preventDefault();
    openSource(link);
  } else if (event.target.closest && event.target.closest(".gk-back")) closeSource();
}, true);
function asking() {
  closeSource();
  const frame = document.getElementById("gk-source");
  if (frame) frame.src = "/source";
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeSource();
  if (event.key === "Enter" && !event.shiftKey && event.target.closest && event.target.closest("#gk-question")) asking();
}, true);
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("#gk-question button, #gk-chat .example, #gk-new-chat")) asking();
}, true);

// The question shown at once with the placeholder answer, drawn here rather than by a round trip to the server
// (ui/chat.py, SHOW_IN_BROWSER): cleaned and escaped as the server does (index/normalize.py clean_line, html.escape),
// which sends it back cleaned with the answer. Returns the question box emptied, the conversation, the question.
const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
function gkShowQuestion(message, messages, pending) {
  const question = String(message || "").replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, (ch) => ("\t\n\r".includes(ch) ? ch : ""))
    .replace(/\s+/g, " ").trim();
  messages = Array.isArray(messages) ? messages : [];
  if (!question) return ["", messages, ""];
  const said = (role, text) => ({ role, metadata: null, content: [{ type: "text", text }], options: null });
  const shown = said("user", question.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]));
  return ["", [...messages, shown, said("assistant", pending)], question];
}
window.gkShowQuestion = gkShowQuestion;

// The answered turn (ui/chat.py `_turn`, JSON) drawn in place of the question and its placeholder: the question as
// the server cleaned it and the answer, both HTML the server escaped. Returns the conversation and what the browser
// keeps of it (its last `kept` messages and the questions asked, for the next visit).
function gkShowAnswer(turn, messages, pending, kept) {
  const { question, answer, asked } = JSON.parse(turn || "{}");
  messages = Array.isArray(messages) ? messages : [];
  const text = (message) => (message && Array.isArray(message.content) ? message.content.map((part) => part.text) : []);
  const [last, before] = [messages[messages.length - 1], messages[messages.length - 2]];
  const waiting = last && last.role === "assistant" && text(last).join("") === pending && before && before.role === "user";
  if (waiting) messages = messages.slice(0, -2);
  const said = (role, text) => ({ role, metadata: null, content: [{ type: "text", text }], options: null });
  if (question) messages = [...messages, said("user", question), said("assistant", answer)];
  return [messages, { messages: messages.slice(-kept), asked: Array.isArray(asked) ? asked : [] }];
}
window.gkShowAnswer = gkShowAnswer;

// Copy gives plain text: the answer with its [n] marks, then the sources as footnotes (title, section,
// line or page), never the HTML; a compact table as the answer's own lines. Caught before gradio's own copy
// handler, which would copy the markup.
function plainText(answer) {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
    else if (node.nodeName === "BR") parts.push("\n");
    else if (node.matches(".gk-plain")) parts.push("\n" + node.textContent + "\n"); // a table's lines, as written
    else if (!node.matches("figure, .gk-notes, .gk-table-wrap")) node.childNodes.forEach(walk);
  };
  walk(answer);
  const notes = Array.from(answer.querySelectorAll(".gk-notes a.gk-cite"), (a) =>
    (a.textContent + a.nextSibling.textContent).trim());
  const text = parts.join("").trim();
  return notes.length ? text + "\n\n出处：\n" + notes.join("\n") : text;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("#gk-chat button");
  if (!button || !COPY_LABELS.has(button.getAttribute("aria-label"))) return;
  let row = button;
  while (row && row.id !== "gk-chat" && row.querySelectorAll(".gk-answer").length !== 1) row = row.parentElement;
  const answer = row && row.id !== "gk-chat" && row.querySelector(".gk-answer");
  if (!answer) return;
  event.preventDefault();
  event.stopPropagation();
  navigator.clipboard.writeText(plainText(answer));
  button.setAttribute("aria-label", "已复制");
}, true);

// Gradio writes some labels in English whatever the language; say them in Chinese.
const COPY_LABELS = new Set(["Copy message", "复制回答", "Copied message", "已复制"]);
const LABELS = [
  [/^chatbot conversation$/, "对话记录"],
  [/^Copy message$/, "复制回答"],
  [/^Copied message$/, "已复制"],
  [/^Select example (\d+): /, "示例 $1："],
  // gradio reads out a message as its markup; the words on screen instead.
  [/^user's message: [^]*/, (el) => "提问：" + el.textContent.trim()],
  [/^(bot|assistant)'s message: [^]*/, (el) => "回答：" + el.textContent.trim()],
  [/^Scroll down$/, "滚动到底部"],
  [/^Clear$/, "清空对话"],
];
function chinese(node) {
  for (const attr of ["aria-label", "title"]) {
    node.querySelectorAll("[" + attr + "]").forEach((el) => {
      const value = el.getAttribute(attr);
      const rule = LABELS.find(([pattern]) => pattern.test(value));
      const [pattern, said] = rule || [];
      if (rule) el.setAttribute(attr, typeof said === "function" ? said(el) : value.replace(pattern, said));
    });
  }
}
// gradio's sanitiser keeps an answer chart's drawing but drops its viewBox, role and aria-label (ui/charts.py
// writes them): without the viewBox the chart cannot shrink to a phone's width. All three are restored from
// what it keeps: a chart is drawn from 0,0 over its width and height, and its <title> is its read-out.
function charts(node) {
  node.querySelectorAll("#gk-chat svg.gk-chart-svg:not([viewBox])").forEach((svg) => {
    svg.setAttribute("viewBox", `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`);
    svg.setAttribute("role", "img");
    const title = svg.querySelector(":scope > title");
    if (title) svg.setAttribute("aria-label", title.textContent);
  });
}
new MutationObserver(() => { chinese(document.body); charts(document.body); }).observe(document.documentElement, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"],
});
// gradio says the page is in the browser's language (「en」 in an English browser); it is a Chinese page, so a
// screen reader reads it, and a translator offers to translate it, as Chinese.
const keepChinese = () => {
  if (document.documentElement.lang !== "zh-CN") document.documentElement.lang = "zh-CN";
};
new MutationObserver(keepChinese).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
keepChinese();
