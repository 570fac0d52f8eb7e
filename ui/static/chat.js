// Opens a citation [n] of the gradio chat in the source frame beside it (and scrolls to it
// on a phone, where the frame sits below the chat).
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.gk-cite");
  const frame = document.getElementById("gk-source");
  if (!link || !frame) return;
  event.preventDefault();
  frame.src = link.getAttribute("href");
  if (window.innerWidth < 900) frame.scrollIntoView({ behavior: "smooth" });
}, true);
