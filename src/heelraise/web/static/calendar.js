// Copy the calendar link (calendar.html). Without JavaScript the field is still selectable.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  field.select();
  const done = () => { if (status) status.textContent = "Copied."; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, () => {
      if (status) status.textContent = "Select the link and copy it.";
    });
  } else if (status) {
    status.textContent = "The link is selected: copy it.";
  }
});
