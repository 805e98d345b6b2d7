// Forms marked data-submit-once (point adjustments, card replacement) disable their button once
// sent, so a double click does not post the change twice. Without JavaScript the forms still work.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-submit-once]")) return;
  const buttons = form.querySelectorAll("button[type=submit]");
  window.setTimeout(() => buttons.forEach((button) => { button.disabled = true; }), 0);
});
