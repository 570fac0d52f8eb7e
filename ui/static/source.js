// The source view's 「查看原页」 toggle (ui/page_image.py): shows the PDF page with the cited cell or
// paragraph boxed in red, loading the image on the first press, and hides it on the next.
document.querySelectorAll("button.original-toggle").forEach((button) => {
  const figure = document.getElementById(button.getAttribute("aria-controls"));
  const image = figure && figure.querySelector("img");
  if (!image) return;
  image.addEventListener("error", () => {
    const note = document.createElement("p");
    note.className = "note";
    note.setAttribute("role", "status");
    note.textContent = "原页图像加载失败，请稍后再试。";
    figure.replaceChildren(note);
  });
  button.addEventListener("click", () => {
    const show = button.getAttribute("aria-pressed") !== "true";
    if (show && !image.getAttribute("src")) image.src = image.dataset.src;
    figure.hidden = !show;
    button.setAttribute("aria-pressed", String(show));
  });
});
