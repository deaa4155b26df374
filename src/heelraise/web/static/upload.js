// Upload progress for the training page's htmx form (no build step, no inline script).
"use strict";
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  if (!bar || !event.detail.lengthComputable) { return; }
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  bar.hidden = false;
  bar.value = percent;
  if (status) { status.textContent = percent < 100 ? "Uploading " + percent + "%" : "Importing…"; }
});
document.addEventListener("htmx:afterRequest", function () {
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  if (bar) { bar.hidden = true; bar.value = 0; }
  if (status) { status.textContent = ""; }
});
// Once the report is in the page, say what the upload did in the form's live region
// (the report itself arrives inside replaced content, which not every reader announces).
document.addEventListener("htmx:afterSettle", function () {
  var status = document.getElementById("upload-status");
  var report = document.querySelector("#training .import-report p");
  if (status && report) { status.textContent = report.textContent; }
});
