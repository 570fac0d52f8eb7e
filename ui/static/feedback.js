// 👍/👎 and an optional comment under every answer, on the chat page "/" and in the widget's /embed chat.
// A vote is sent at once to POST /api/feedback with the answer's id (nothing else about the person); the comment
// box then opens, and sending it keeps the vote. Votes given are remembered in localStorage, so an answer kept
// across a reload still shows its thank-you. Built with DOM calls only, never HTML strings.
//
// /embed calls GongkaiFeedback.build(answerId) for each answer (embed.js); on "/" gradio renders the answers, and
// each answer block (`.gk-rated.gk-answer-id-…`, ui/feedback.py) gets its buttons whenever it appears.
(function () {
  "use strict";
  var STORE = "gongkai-votes";
  var KEPT = 200; // answers whose vote is remembered
  var MAX_COMMENT = 500; // as index/store/feedback.py MAX_COMMENT_CHARS
  var THANKS = "感谢您的反馈！如愿意，可以补充说明。";
  var THANKS_COMMENT = "感谢您的补充说明！";
  var SVG = "http://www.w3.org/2000/svg";
  // A thumb drawn inline (emoji fonts are not on every machine); the 👎 is the same thumb turned over.
  var THUMB = "M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.3l.8-4.2A1.8 1.8 0 0 0 11.3 4L8 10z";

  function remembered() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch (error) {
      return {}; // storage blocked (a portal's third-party frame): votes are still sent
    }
  }

  function remember(id, state) {
    var all = remembered();
    delete all[id];
    all[id] = state;
    var ids = Object.keys(all);
    ids.slice(0, Math.max(0, ids.length - KEPT)).forEach(function (old) { delete all[old]; });
    try {
      localStorage.setItem(STORE, JSON.stringify(all));
    } catch (error) { /* not kept across a reload, nothing else */ }
  }

  function icon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", THUMB);
    svg.appendChild(path);
    return svg;
  }

  function voteButton(vote, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "gk-fb-vote gk-fb-" + vote;
    button.setAttribute("aria-label", label);
    button.setAttribute("aria-pressed", "false");
    button.dataset.vote = vote;
    button.appendChild(icon()); // feedback.css turns the 👎 over
    button.appendChild(document.createTextNode(label));
    return button;
  }

  function send(id, vote, comment) {
    return fetch("/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer_id: id, vote: vote, comment: comment }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.detail || "提交失败，请稍后再试。");
        return data;
      });
    }, function () {
      throw new Error("网络错误，请稍后再试。");
    });
  }

  // The optional comment: a labelled box and its button, made once a vote is given (an answer not voted on
  // carries no second text box beside the question's).
  function commentForm() {
    var form = document.createElement("form");
    form.className = "gk-fb-form";
    var label = document.createElement("label");
    label.textContent = "补充说明（可选）";
    var text = document.createElement("textarea");
    text.rows = 2;
    text.maxLength = MAX_COMMENT;
    text.setAttribute("aria-label", "补充说明（可选）");
    text.placeholder = "例如：我想找的是哪一年、哪个机关的什么数字";
    label.appendChild(text);
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "gk-fb-send";
    submit.textContent = "提交说明";
    form.appendChild(label);
    form.appendChild(submit);
    return form;
  }

  function build(id) {
    var box = document.createElement("div");
    box.className = "gk-feedback";
    box.dataset.answerId = id;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "评价这个回答");
    var question = document.createElement("span");
    question.className = "gk-fb-ask";
    question.textContent = "这个回答有帮助吗？";
    var up = voteButton("up", "有帮助");
    var down = voteButton("down", "没有帮助");
    var status = document.createElement("p");
    status.className = "gk-fb-status";
    status.setAttribute("role", "status");
    [question, up, down, status].forEach(function (node) { box.appendChild(node); });

    var current = null;
    var form = null;
    function show(state) {
      current = state.vote;
      up.setAttribute("aria-pressed", String(current === "up"));
      down.setAttribute("aria-pressed", String(current === "down"));
      box.classList.add("gk-voted");
      status.classList.remove("error");
      status.textContent = state.commented ? THANKS_COMMENT : THANKS;
      if (state.commented && form) {
        form.remove();
        form = null;
      } else if (!state.commented && !form) {
        form = commentForm();
        form.addEventListener("submit", comment);
        box.appendChild(form);
      }
    }
    function failed(error) {
      status.classList.add("error");
      status.textContent = error.message;
    }
    function comment(event) {
      event.preventDefault();
      var text = form.querySelector("textarea").value.trim();
      var submit = form.querySelector("button");
      if (!text || !current) return;
      submit.disabled = true;
      send(id, current, text).then(function () {
        var state = { vote: current, commented: true };
        remember(id, state);
        show(state);
        (current === "up" ? up : down).focus(); // the box it was typed in is gone
      }, function (error) {
        submit.disabled = false;
        failed(error);
      });
    }
    [up, down].forEach(function (button) {
      button.addEventListener("click", function () {
        var vote = button.dataset.vote;
        send(id, vote, "").then(function () {
          var before = remembered()[id];
          var state = { vote: vote, commented: Boolean(before && before.commented) };
          remember(id, state);
          show(state);
        }, failed);
      });
    });
    var before = remembered()[id];
    if (before && before.vote) show(before);
    return box;
  }

  // The chat page: gradio draws and redraws the answers; each answer block gets its buttons once.
  var ID_CLASS = /^gk-answer-id-([0-9a-f]+)$/;
  function attachAll() {
    document.querySelectorAll(".gk-rated").forEach(function (rated) {
      if (rated.querySelector(":scope > .gk-feedback")) return;
      var id = Array.from(rated.classList).map(function (c) { return ID_CLASS.exec(c); }).find(Boolean);
      if (id) rated.appendChild(build(id[1]));
    });
  }

  window.GongkaiFeedback = { build: build };
  if (!document.querySelector(".embed")) {
    new MutationObserver(attachAll).observe(document.documentElement, { subtree: true, childList: true });
    attachAll();
  }
})();
