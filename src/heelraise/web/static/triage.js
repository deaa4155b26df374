// The questionnaire's live urgent warning, where the person is (no inline script).
//
// htmx checks the answers on every change and fills #urgent-now (an aria-live
// "assertive" region) with the warning when an answer is urgent. Before each check
// the region moves to just after the question just answered, so the warning shows
// below it and follows the person down the form. The answer just tapped never moves
// on the screen: whatever the page gains or loses above it, it scrolls by as much.
// A warning that is new or has changed is then brought into view if it is not.
"use strict";
(function () {
  var form = document.querySelector("form.triage");
  var region = document.getElementById("urgent-now");
  if (!form || !region) { return; }
  var anchor = null;
  var top = 0;
  var said = "";

  function keepAnchorStill() {
    if (anchor) { window.scrollBy(0, anchor.getBoundingClientRect().top - top); }
  }

  form.addEventListener("change", function (event) {
    var question = event.target.closest ? event.target.closest(".question") : null;
    if (!question) { return; }
    anchor = event.target;
    top = anchor.getBoundingClientRect().top;
    said = region.textContent.trim();
    if (question.nextElementSibling !== region) {
      question.parentNode.insertBefore(region, question.nextSibling);
      keepAnchorStill();
    }
  }, true);  // capture: before htmx sends the answers

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== region) { return; }
    keepAnchorStill();
    var card = region.firstElementChild;
    if (card && region.textContent.trim() !== said) {
      var box = card.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        card.scrollIntoView({block: "nearest"});
      }
    }
  });
}());
