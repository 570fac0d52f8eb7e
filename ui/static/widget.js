/* 政务公开问答 widget. A portal adds
 *   <script src="https://HOST/widget.js" data-title="政务公开问答" data-agency="平潭" async></script>
 * and gets a floating button that opens the chat (HOST/embed) in a panel; full screen on phones.
 * Self-contained: styles live in a shadow root, so the portal's CSS and this one never mix. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.__gongkaiWidget) return;
  window.__gongkaiWidget = true;
  var origin = new URL(script.src, location.href).origin;
  var title = script.getAttribute("data-title") || "政务公开问答";
  var agency = script.getAttribute("data-agency") || "";

  // A speech bubble drawn inline: emoji fonts are not on every machine.
  var ICON = '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" ' +
    'd="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
  var css =
    ":host{all:initial}" +
    ".bubble{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:6px;" +
    "padding:12px 18px;border:0;border-radius:28px;background:#8f1d1d;color:#fff;font:15px/1.2 system-ui,sans-serif;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer}" +
    ".panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:380px;height:min(620px,calc(100vh - 110px));" +
    "display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;" +
    "box-shadow:0 8px 30px rgba(0,0,0,.35)}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;background:#8f1d1d;color:#fff;" +
    "padding:8px 12px;font:15px/1.4 system-ui,sans-serif}" +
    ".close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:0 4px}" +
    "iframe{flex:1;border:0;width:100%}" +
    "@media (max-width:600px){.panel{inset:0;width:100%;height:100%;border-radius:0}}";

  function mount() {
    var host = document.createElement("div");
    host.setAttribute("data-gongkai-widget", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = document.createElement("style");
    style.textContent = css;
    var bubble = document.createElement("button");
    bubble.className = "bubble";
    bubble.type = "button";
    bubble.innerHTML = ICON;
    bubble.appendChild(document.createTextNode(title));
    var panel = document.createElement("div");
    panel.className = "panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    bubble.setAttribute("aria-expanded", "false");
    panel.setAttribute("aria-label", title);
    var bar = document.createElement("div");
    bar.className = "bar";
    var name = document.createElement("span");
    name.textContent = title;
    var close = document.createElement("button");
    close.className = "close";
    close.type = "button";
    close.setAttribute("aria-label", "关闭");
    close.textContent = "×";
    bar.appendChild(name);
    bar.appendChild(close);
    panel.appendChild(bar);
    root.appendChild(style);
    root.appendChild(panel);
    root.appendChild(bubble);
    document.body.appendChild(host);

    var frame = null;
    function setOpen(open) {
      panel.hidden = !open;
      bubble.setAttribute("aria-expanded", String(open));
      if (open) frame.focus();
      else bubble.focus();
    }
    bubble.addEventListener("click", function () {
      if (!frame) {
        // Created on first open, so the portal page itself loads nothing extra.
        frame = document.createElement("iframe");
        frame.title = title;
        frame.src = origin + "/embed?" + new URLSearchParams({ agency: agency, title: title }).toString();
        panel.appendChild(frame);
      }
      setOpen(panel.hidden);
    });
    close.addEventListener("click", function () {
      setOpen(false);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") setOpen(false);
    });
    // Esc pressed inside the chat's frame (embed.js says so).
    window.addEventListener("message", function (event) {
      if (event.origin === origin && event.data === "gongkai:close" && !panel.hidden) setOpen(false);
    });
    // Focus stays in the open panel: tabbing out of it comes back to its close button.
    document.addEventListener("focusin", function (event) {
      if (!panel.hidden && event.target !== host) close.focus();
    });
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
